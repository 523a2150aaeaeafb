import type { ExportData, ExportedTask } from '../../db/index.js';

export type ExportFormat = 'json' | 'csv' | 'markdown';

export function renderExport(data: ExportData, format: ExportFormat): string {
  if (format === 'csv') return toCsv(data.tasks);
  if (format === 'markdown') return toMarkdown(data);
  return `${JSON.stringify({ exportedAt: data.exportedAt, count: data.tasks.length, tasks: data.tasks }, null, 2)}\n`;
}

const CSV_COLUMNS: Array<[string, (task: ExportedTask) => string | number | boolean | null]> = [
  ['id', (task) => task.id],
  ['title', (task) => task.title],
  ['status', (task) => task.status],
  ['priority', (task) => task.priority],
  ['role', (task) => task.role],
  ['parentId', (task) => task.parentId],
  ['dependencies', (task) => task.dependencies.join(' ')],
  ['tags', (task) => task.tags.join(' ')],
  ['assignee', (task) => task.assignee],
  ['attempts', (task) => task.attempts],
  ['complexity', (task) => task.complexity],
  ['estimatedEffort', (task) => task.estimatedEffort],
  ['createdAt', (task) => task.createdAt],
  ['startedAt', (task) => task.startedAt],
  ['completedAt', (task) => task.completedAt],
  ['summary', (task) => task.summary],
  ['result', (task) => task.result],
  ['error', (task) => task.error],
  ['description', (task) => task.description],
  ['archived', (task) => task.archived],
  ['archivedAt', (task) => task.archivedAt],
];

/** RFC 4180: CRLF between records, fields quoted when they hold a quote, comma or line break. */
export function toCsv(tasks: readonly ExportedTask[]): string {
  const rows = [CSV_COLUMNS.map(([name]) => name), ...tasks.map((task) => CSV_COLUMNS.map(([, value]) => csvCell(value(task))))];
  return rows.map((row) => row.map(quoteCsv).join(',')).join('\r\n') + '\r\n';
}

function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  const text = String(value);
  // Spreadsheets run a cell that starts with one of these as a formula; task text comes from agents and people.
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function quoteCsv(text: string): string {
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

function toMarkdown(data: ExportData): string {
  const counts = new Map<string, number>();
  for (const task of data.tasks) counts.set(task.status, (counts.get(task.status) ?? 0) + 1);
  const archived = data.tasks.filter((task) => task.archived).length;
  const lines = [
    '# Tasks',
    '',
    `Exported ${data.exportedAt}: ${data.tasks.length} task${data.tasks.length === 1 ? '' : 's'}` +
      (counts.size > 0 ? ` (${[...counts].map(([status, n]) => `${n} ${status.replace('_', ' ')}`).join(', ')})` : '') +
      (archived > 0 ? `, ${archived} of them archived` : '') +
      '.',
    '',
    '| ID | Status | Priority | Role | Title | Depends on | Assignee | Finished |',
    '|---|---|---|---|---|---|---|---|',
    ...data.tasks.map(
      (task) =>
        '| ' +
        [
          task.id,
          task.archived ? `${task.status} (archived)` : task.status.replace('_', ' '),
          task.priority,
          task.role ?? '',
          task.title,
          task.dependencies.join(', '),
          task.assignee ?? '',
          task.completedAt ?? '',
        ]
          .map(markdownCell)
          .join(' | ') +
        ' |',
    ),
  ];
  return `${lines.join('\n')}\n`;
}

/** A table cell stays one cell: pipes escaped, line breaks as <br>, no raw HTML. */
function markdownCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/\r?\n/g, '<br>');
}
