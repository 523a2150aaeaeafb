import type { Command } from 'commander';
import type { BatchEntry } from '../../core/index.js';
import { runImport, type ImportFormat, type ImportReport } from '../../db/import/index.js';
import type { Output } from '../../ui/output.js';
import { displayPath } from '../../ui/paths.js';
import { renderTable } from '../../ui/table.js';
import { color, symbols } from '../../ui/theme.js';
import { commandContext, defaultWorker } from '../context.js';

/** How many tasks the text output lists; --json lists them all. */
const SHOWN = 40;

export async function importTasks(
  file: string,
  options: { format?: ImportFormat; parent?: string; dryRun?: boolean },
  command: Command,
): Promise<void> {
  // A dry run reads the store only, but a store not created yet is as good as an empty one.
  const ctx = commandContext(command, 'writes');
  const report = await runImport(
    { path: file, format: options.format, dryRun: Boolean(options.dryRun), parentId: options.parent },
    { service: ctx.service, actor: defaultWorker() },
  );
  if (ctx.json) ctx.out.json(report);
  else printImport(ctx.out, report, process.cwd());
}

function printImport(out: Output, report: ImportReport, cwd: string): void {
  const from = report.files.length === 1 ? displayPath(report.files[0]!, cwd) : `${report.files.length} files`;
  const counts = `${report.created.length} new, ${report.updated.length} updated, ${report.unchanged.length} unchanged`;
  const what = `from ${report.format} (${from}): ${counts}.`;
  out.line(report.dryRun ? `Would import ${what}` : `${color.green(symbols.ok)} Imported ${what}`);
  const rows = [
    ...report.created.map((entry) => ({ entry, change: report.dryRun ? 'new' : 'created' })),
    ...report.updated.map((entry) => ({ entry: entry as BatchEntry, change: `updated: ${entry.fields.join(', ')}` })),
  ];
  if (rows.length > 0) {
    const lines = renderTable(
      rows.slice(0, SHOWN),
      [
        { header: 'ID', value: (row) => row.entry.id },
        { header: 'CHANGE', value: (row) => row.change, max: 40 },
        { header: 'STATUS', value: (row) => row.entry.status.replace('_', ' ') },
        { header: 'TITLE', value: (row) => row.entry.title, max: 60 },
      ],
      { header: color.dim },
    );
    for (const line of lines) out.line(`  ${line}`);
    if (rows.length > SHOWN) out.line(color.dim(`  ... and ${rows.length - SHOWN} more (--json lists them all)`));
  }
  for (const note of report.notes) out.note(note);
  if (report.dryRun) out.note('Dry run: nothing was changed. New tasks would get the ids shown, if nothing else is added first.');
}
