import path from 'node:path';
import { TASK_STATUSES } from '../../core/constants.js';
import type { FolderExport, Footprint, MigrateReport, OptimizeReport, RestoreReport, SnapshotSummary } from '../../db/index.js';
import { formatBytes } from '../../diagnostics/index.js';
import type { Output } from '../../ui/output.js';
import { renderTable } from '../../ui/table.js';
import { color, symbols } from '../../ui/theme.js';

/** What the parts of the store are called where it is kept. */
const PARTS = {
  file: { store: 'store.json', events: 'events.jsonl', archive: 'archive/' },
  postgres: { store: 'store', events: 'event log', archive: 'archive' },
} as const;

type Backend = keyof typeof PARTS;

export function printOptimize(out: Output, report: OptimizeReport, dataDir: string, backend: Backend = 'file'): void {
  const parts = PARTS[backend];
  const tasks = report.archivedTasks.length;
  const cutoff = report.cutoff.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  const relative = (file: string) => path.relative(dataDir, file) || file;
  if (report.dryRun) {
    out.line(`Dry run: nothing was changed.`);
    out.line(
      `Would archive ${tasks} task${tasks === 1 ? '' : 's'} finished before ${cutoff}${tasks > 0 ? `: ${preview(report.archivedTasks)}` : ''}.`,
    );
    out.line(
      report.eventsMoved > 0
        ? `Would move ${report.eventsMoved} of ${report.eventsMoved + report.eventsKept} events to ${relative(report.eventsArchiveFile!)}.`
        : `Would keep all ${report.eventsKept} events.`,
    );
    return;
  }
  out.line(`${color.green(symbols.ok)} Archived ${tasks} task${tasks === 1 ? '' : 's'} finished before ${cutoff}.`);
  out.line(
    `${color.green(symbols.ok)} ${report.eventsMoved > 0 ? `Moved ${report.eventsMoved} events to ${relative(report.eventsArchiveFile!)}` : 'Kept every event'}; ${parts.store} rewritten.`,
  );
  out.line();
  const after = report.after!;
  const rows: Array<{ what: string; before: string; after: string }> = [
    { what: parts.store, before: formatBytes(report.before.storeBytes), after: formatBytes(after.storeBytes) },
    { what: parts.events, before: formatBytes(report.before.eventsBytes), after: formatBytes(after.eventsBytes) },
    { what: parts.archive, before: formatBytes(report.before.archiveBytes), after: formatBytes(after.archiveBytes) },
    { what: 'tasks in store', before: taskCounts(report.before), after: taskCounts(after) },
    { what: 'tasks archived', before: String(report.before.archived), after: String(after.archived) },
    { what: 'events in log', before: String(report.before.events), after: String(after.events) },
  ];
  const lines = renderTable(
    rows,
    [
      { header: '', value: (row) => row.what },
      { header: 'BEFORE', value: (row) => row.before },
      { header: 'AFTER', value: (row) => row.after },
    ],
    { header: color.bold },
  );
  for (const line of lines) out.line(line);
}

function taskCounts(footprint: Footprint): string {
  const parts = TASK_STATUSES.filter((status) => footprint.byStatus[status] > 0).map(
    (status) => `${footprint.byStatus[status]} ${status.replace('_', ' ')}`,
  );
  return `${footprint.tasks}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}

function preview(ids: readonly string[]): string {
  return ids.length > 10 ? `${ids.slice(0, 10).join(', ')} and ${ids.length - 10} more` : ids.join(', ');
}

export function printBackup(out: Output, summary: SnapshotSummary, backend: Backend = 'file'): void {
  out.line(
    `${color.green(symbols.ok)} Backed up ${backend === 'file' ? 'store.json' : 'the store'} (revision ${summary.revision}, ${tasksText(summary.tasks)}, ${formatBytes(summary.bytes)}) to ${summary.file}`,
  );
  out.line(color.dim(`Restore it with: orchestrator db restore ${quote(summary.file)}`));
}

export function printRestore(out: Output, report: RestoreReport, backend: Backend = 'file'): void {
  out.line(
    `${color.green(symbols.ok)} Restored ${report.restored.file} (${tasksText(report.restored.tasks)}); the store is at revision ${report.revision}.`,
  );
  if (report.backup) out.line(color.dim(`The replaced ${PARTS[backend].store} was kept in ${report.backup}`));
}

function quote(file: string): string {
  return /^[\w./-]+$/.test(file) ? file : `'${file.replace(/'/g, `'\\''`)}'`;
}

function tasksText(n: number): string {
  return `${n} task${n === 1 ? '' : 's'}`;
}

export function printFolderExport(out: Output, result: FolderExport): void {
  const changed = result.written.length + result.removed.length;
  const what =
    changed === 0
      ? 'nothing changed'
      : [
          result.written.length > 0 && `${result.written.length} file${result.written.length === 1 ? '' : 's'} written`,
          result.removed.length > 0 && `${result.removed.length} removed`,
          result.unchanged > 0 && `${result.unchanged} unchanged`,
        ]
          .filter(Boolean)
          .join(', ');
  out.line(`Exported ${result.tasks} task${result.tasks === 1 ? '' : 's'} to ${result.dir} (${what}).`);
}

export function printMigrate(out: Output, report: MigrateReport): void {
  const mark = report.verified ? color.green(symbols.ok) : color.red(symbols.fail);
  out.line(
    `${mark} Copied ${report.from} to ${report.to} in ${report.seconds.toFixed(1)} s${report.verified ? '; the copy matches.' : ', but the copy DIFFERS from the source.'}`,
  );
  out.line();
  const names: Array<[keyof MigrateReport['counts']['source'], string]> = [
    ['tasks', 'tasks'],
    ['archivedTasks', 'archived tasks'],
    ['workers', 'workers'],
    ['sessions', 'sessions'],
    ['events', 'events'],
    ['archivedEvents', 'archived events'],
    ['artifacts', 'artifacts'],
  ];
  const rows = [
    ...names.map(([key, what]) => ({ what, source: String(report.counts.source[key]), target: String(report.counts.target[key]) })),
    { what: 'sha256', source: report.hash.source.slice(0, 16), target: report.hash.target.slice(0, 16) },
  ];
  const lines = renderTable(
    rows,
    [
      { header: '', value: (row) => row.what },
      { header: 'SOURCE', value: (row) => row.source },
      { header: 'COPY', value: (row) => row.target },
    ],
    { header: color.bold },
  );
  for (const line of lines) out.line(line);
  out.line();
  out.line(
    report.verified
      ? 'The source is unchanged. Point --store (or ORCHESTRATOR_STORE) at the copy to use it.'
      : 'The source is unchanged; do not use the copy.',
  );
}
