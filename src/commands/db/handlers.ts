import path from 'node:path';
import type { Command } from 'commander';
import { readSnapshot, runBackup, runExport, runExportFolder, runMigrate, runOptimize, runRestore } from '../../db/index.js';
import { storeChecks } from '../../diagnostics/index.js';
import { OrchestratorError } from '../../errors.js';
import { writeFileDurable } from '../../store/durable.js';
import { confirm } from '../../ui/prompts.js';
import { commandContext, defaultWorker } from '../context.js';
import { present, runWithProgress } from '../doctor/handlers.js';
import { renderExport, type ExportFormat } from './export-format.js';
import { printBackup, printFolderExport, printMigrate, printOptimize, printRestore } from './present.js';

// Each handler turns options into one call of src/db (or, for `check`, of the doctor's store checks) and prints the result, as text or as the JSON shape
// documented in docs/doctor.md.

export async function check(_options: unknown, command: Command): Promise<void> {
  present(command, await runWithProgress(command, { fix: false, cleanupLocks: false }, { checks: storeChecks() }));
}

interface OptimizeFlags {
  olderThan: number;
  keepEvents?: number;
  keepDays?: number;
  dryRun?: boolean;
}

export async function optimize(options: OptimizeFlags, command: Command): Promise<void> {
  const ctx = commandContext(command);
  const keepEvents = options.keepEvents !== undefined ? { last: options.keepEvents } : { withinMs: options.keepDays ?? options.olderThan };
  const report = await runOptimize(
    { olderThanMs: options.olderThan, keepEvents, dryRun: Boolean(options.dryRun) },
    { service: ctx.service, actor: defaultWorker() },
  );
  if (ctx.json) ctx.out.json(report);
  else printOptimize(ctx.out, report, ctx.paths.dir, ctx.service.store.backend);
}

export async function backup(options: { out?: string }, command: Command): Promise<void> {
  const ctx = commandContext(command);
  const summary = await runBackup({ out: options.out }, { service: ctx.service, paths: ctx.paths, now: () => new Date() });
  if (ctx.json) ctx.out.json(summary);
  else printBackup(ctx.out, summary, ctx.service.store.backend);
}

export async function restore(file: string, options: { yes?: boolean }, command: Command): Promise<void> {
  const ctx = commandContext(command, 'writes');
  // Validate first, so nobody is asked about a file that would be refused anyway.
  const { summary } = readSnapshot(file, ctx);
  if (!options.yes) {
    const where = ctx.service.store.backend === 'postgres' ? ctx.service.store.location : ctx.paths.dir;
    const question =
      `Replace the store in ${where} with ${summary.file} (revision ${summary.revision}, ${summary.tasks} task${summary.tasks === 1 ? '' : 's'})? ` +
      `A copy of the current store is kept in ${ctx.paths.backups}.`;
    if (!(await confirm(question, { flag: '--yes' }))) {
      ctx.out.note('Not restored; nothing was changed.');
      process.exitCode = 1;
      return;
    }
  }
  const report = await runRestore(file, { service: ctx.service, paths: ctx.paths, now: () => new Date(), actor: defaultWorker() });
  if (ctx.json) ctx.out.json(report);
  else printRestore(ctx.out, report, ctx.service.store.backend);
}

export async function exportTasks(
  options: { format: ExportFormat | 'md'; out?: string; includeArchived?: boolean },
  command: Command,
): Promise<void> {
  const ctx = commandContext(command);
  if (options.format === 'md') {
    if (!options.out) {
      throw new OrchestratorError('--format md writes a folder: name it with --out.', {
        code: 'USAGE',
        hint: 'For example: orchestrator db export --format md --out tasks/',
      });
    }
    if (options.includeArchived) {
      throw new OrchestratorError(
        '--include-archived cannot be used with --format md: importing the folder would bring archived tasks back as live ones.',
        {
          code: 'USAGE',
          hint: 'Leave it out, or export the archive as JSON.',
        },
      );
    }
    const written = await runExportFolder({ dir: options.out }, { service: ctx.service });
    if (ctx.json) ctx.out.json(written);
    else printFolderExport(ctx.out, written);
    return;
  }
  if (ctx.json) {
    throw new OrchestratorError('--json goes with --format md; the other formats are the data itself.', {
      code: 'USAGE',
      hint: 'Use --format json for JSON.',
    });
  }
  const data = await runExport({ includeArchived: Boolean(options.includeArchived) }, { service: ctx.service, now: () => new Date() });
  const text = renderExport(data, options.format);
  if (!options.out) {
    process.stdout.write(text);
    return;
  }
  const file = path.resolve(options.out);
  try {
    writeFileDurable(file, text);
  } catch (error) {
    throw new OrchestratorError(`Could not write ${file}: ${(error as Error).message}`, {
      code: 'IO',
      hint: 'Choose a file in a folder you can write to.',
      cause: error,
    });
  }
  ctx.out.note(`Exported ${data.tasks.length} task${data.tasks.length === 1 ? '' : 's'} to ${file} (${options.format}).`);
}

export async function migrate(options: { to: string }, command: Command): Promise<void> {
  const ctx = commandContext(command);
  const report = await runMigrate({ to: options.to, dataDir: ctx.paths.dir }, { service: ctx.service });
  if (ctx.json) ctx.out.json(report);
  else printMigrate(ctx.out, report);
  if (!report.verified) process.exitCode = 1;
}
