import {
  commandLine,
  displayPath,
  type ClientsReport,
  type ConfigReport,
  type InstallerEnv,
  type ItemReport,
  type RunReport,
  type RunSummary,
  type VerificationReport,
} from '../../installer/index.js';
import type { Output } from '../../ui/output.js';
import { color, symbols } from '../../ui/theme.js';

const DONE: Record<ItemReport['status'], string> = {
  add: 'added',
  update: 'updated (the entry was stale)',
  unchanged: 'already configured',
  remove: 'removed',
  restore: 'restored',
  absent: 'not configured',
  skip: 'skipped',
};

const PLANNED: Record<ItemReport['status'], string> = {
  ...DONE,
  add: 'would add',
  update: 'would update (the entry is stale)',
  remove: 'would remove',
  restore: 'would restore',
};

export function printRunReport(out: Output, report: RunReport, env: InstallerEnv): void {
  if (report.server) out.line(color.dim(`Server "${report.name}": ${commandLine(report.server)}`));
  for (const note of report.notes) out.line(color.yellow(`${symbols.warn} ${note}`));
  if (report.restores) out.line(color.dim(`Rolling back run ${report.restores}`));
  for (const item of report.items) printItem(out, item, report.dryRun, env);
  for (const check of report.verification) printCheck(out, check);
  if (report.dryRun) {
    out.line();
    out.line(color.dim('Dry run: nothing was changed.'));
    return;
  }
  if (report.runId) {
    out.line();
    out.line(`Backup ${report.runId} in ${displayPath(env, report.backupDir!)}`);
    out.line(color.dim(`  undo with: orchestrator rollback ${report.runId}`));
  }
  printNextSteps(out, report.items);
  if (report.items.some((item) => item.status === 'skip')) {
    out.line();
    out.line(color.yellow(`${symbols.warn} Some clients were skipped: see above, fix what is named there, and run the command again.`));
  }
}

function printItem(out: Output, item: ItemReport, dryRun: boolean, env: InstallerEnv): void {
  const mark = item.status === 'skip' ? color.red(symbols.fail) : item.status === 'absent' ? color.dim('·') : color.green(symbols.ok);
  const label = `${item.clientName}${item.variant ? ` ${item.variant}` : ''}${item.path ? ` (${item.scope})` : ''}`;
  const where = item.via === 'claude-cli' ? 'via `claude mcp`' : item.path ? displayPath(env, item.path) : '';
  const words = dryRun ? PLANNED[item.status] : DONE[item.status];
  const detail = item.status === 'skip' || item.status === 'absent' ? `${words}: ${item.reason ?? ''}` : words;
  out.line(`${mark} ${color.bold(label)} ${where ? `${where} ` : ''}${item.status === 'skip' ? color.red(detail) : detail}`);
  if (item.problem && item.problem.line !== undefined) {
    out.line(color.dim(`    ${item.problem.file}:${item.problem.line}:${item.problem.column} (the file was not touched)`));
  }
  for (const command of item.commands ?? []) out.line(color.dim(`    ${dryRun ? 'would run' : 'ran'}: ${command}`));
  for (const warning of item.warnings) out.line(color.yellow(`    ${symbols.warn} ${warning}`));
  if (item.diff) for (const line of item.diff.replace(/\n$/, '').split('\n')) out.line(paintDiff(line));
}

function paintDiff(line: string): string {
  if (line.startsWith('+++') || line.startsWith('---')) return color.bold(line);
  if (line.startsWith('+')) return color.green(line);
  if (line.startsWith('-')) return color.red(line);
  if (line.startsWith('@@')) return color.cyan(line);
  return line;
}

function printCheck(out: Output, check: VerificationReport): void {
  const who = check.clients.join(', ');
  if (check.ok) {
    const tools = check.tools === null ? '' : `, ${check.tools} tool${check.tools === 1 ? '' : 's'}`;
    out.line(
      `${color.green(symbols.ok)} Server check (${who}): answered the MCP handshake in ${check.ms} ms (${check.server.name} ${check.server.version}${tools})`,
    );
    return;
  }
  out.line(color.red(`${symbols.fail} Server check (${who}) failed after ${check.ms} ms: ${check.message}`));
  out.line(`    fix: ${check.fix}`);
}

function printNextSteps(out: Output, items: readonly ItemReport[]): void {
  const steps = new Map<string, string>();
  for (const item of items) if (item.nextStep) steps.set(`${item.clientName}\u0000${item.nextStep}`, item.nextStep);
  if (steps.size === 0) return;
  out.line();
  out.line(color.bold('Next:'));
  for (const [key, step] of steps) out.line(`  ${key.split('\u0000')[0]}: ${step}`);
}

const STATE: Record<ConfigReport['state'], (text: string) => string> = {
  current: color.green,
  stale: color.yellow,
  absent: color.dim,
  'no-file': color.dim,
  invalid: color.red,
};

const STATE_WORDS: Record<ConfigReport['state'], string> = {
  current: 'configured, current',
  stale: 'configured, stale (install again to update)',
  absent: 'not configured',
  'no-file': 'no file',
  invalid: 'cannot be read',
};

export function printClients(out: Output, report: ClientsReport, env: InstallerEnv): void {
  for (const [index, client] of report.clients.entries()) {
    if (index > 0) out.line();
    const mark = client.detected ? color.green(symbols.ok) : color.dim('○');
    const why = client.detected ? `detected: ${client.evidence.join('; ')}` : 'not detected';
    out.line(`${mark} ${color.bold(client.name)} ${color.dim(`(${client.id})`)} ${why}`);
    if (client.cli) out.line(color.dim(`    changes go through ${client.cli}`));
    const width = Math.max(...client.configs.map((config) => scopeLabel(config).length));
    for (const config of client.configs) {
      const state = STATE[config.state](`${config.legacy ? 'duplicate in the deprecated settings.json block: ' : ''}${STATE_WORDS[config.state]}`);
      out.line(`    ${scopeLabel(config).padEnd(width)}  ${displayPath(env, config.path)}  ${state}`);
      if (config.problem) {
        const at = config.problem.line === undefined ? '' : ` at line ${config.problem.line}, column ${config.problem.column}`;
        out.line(color.red(`      ${config.problem.message}${at}`));
      }
    }
  }
}

function scopeLabel(config: ConfigReport): string {
  return config.variant ? `${config.scope} (${config.variant})` : config.scope;
}

export function printRunList(out: Output, list: { backupDir: string; runs: RunSummary[] }, env: InstallerEnv): void {
  if (list.runs.length === 0) {
    out.line(`No install runs yet (backups live in ${displayPath(env, list.backupDir)}).`);
    return;
  }
  for (const run of list.runs) {
    const partly = run.files.some((file) => file.restoredBy);
    const state = run.rolledBackAt
      ? color.dim(run.rolledBackBy ? `rolled back by ${run.rolledBackBy}` : 'rolled back')
      : run.status === 'complete'
        ? partly
          ? color.yellow('partly rolled back (see the files)')
          : color.green('in force')
        : run.status === 'restored'
          ? color.dim('failed, undone at once')
          : color.yellow('interrupted');
    const what = run.restores ? `rollback of ${run.restores}` : `${run.action} "${run.name}"`;
    out.line(`${color.bold(run.id)}  ${run.createdAt}  ${what}  ${state}`);
    for (const file of run.files) {
      const restored = file.restoredBy ? `  (rolled back by ${file.restoredBy})` : '';
      out.line(
        color.dim(
          `    ${file.client} (${file.scope})  ${displayPath(env, file.path)}${file.existed ? '' : '  (created)'}${file.via === 'claude-cli' ? '  via claude mcp' : ''}${restored}`,
        ),
      );
    }
  }
}
