import type { Command } from 'commander';
import { OrchestratorError } from '../../errors.js';
import { CLIENT_IDS, isClientId } from '../../installer/index.js';
import { diagnosticsContext, runDoctor, type Check, type DoctorReport } from '../../diagnostics/index.js';
import { processOutput } from '../../ui/output.js';
import { createProgress } from '../../ui/progress.js';
import { defaultWorker } from '../context.js';
import { printDoctorReport } from './present.js';

interface DoctorFlags {
  fix?: boolean;
  cleanupLocks?: boolean;
  client?: string[];
  json?: boolean;
}

export async function doctor(options: DoctorFlags, command: Command): Promise<void> {
  const clients = (options.client ?? [])
    .flatMap((value) => value.split(','))
    .map((id) => id.trim())
    .filter(Boolean);
  const unknown = clients.find((id) => !isClientId(id));
  if (unknown) throw new OrchestratorError(`Unknown client "${unknown}".`, { code: 'USAGE', hint: `Known clients: ${CLIENT_IDS.join(', ')}.` });
  const report = await runWithProgress(command, { fix: Boolean(options.fix), cleanupLocks: Boolean(options.cleanupLocks) }, { clients });
  present(command, report);
}

/** Shared with `db check`: runs the checks with a spinner on a terminal, and nothing on stderr otherwise. */
export async function runWithProgress(
  command: Command,
  options: { fix: boolean; cleanupLocks: boolean },
  extra: { clients?: string[]; checks?: readonly Check[] } = {},
): Promise<DoctorReport> {
  const globals = command.optsWithGlobals<{ dataDir?: string }>();
  const context = diagnosticsContext({ dataDir: globals.dataDir, actor: defaultWorker(), clients: extra.clients ?? [] });
  const progress = createProgress();
  try {
    return await runDoctor(options, {
      context,
      ...(extra.checks && { checks: extra.checks }),
      onProgress: (title) => (title ? progress.update(`${title}…`) : progress.stop()),
    });
  } finally {
    progress.stop();
  }
}

export function present(command: Command, report: DoctorReport): void {
  const out = processOutput();
  if (command.optsWithGlobals<{ json?: boolean }>().json) out.json(report);
  else printDoctorReport(out, report);
  if (!report.ok) process.exitCode = 1;
}
