import { describe, expect, test } from 'vitest';
import { renderExport, toCsv } from '../../src/commands/db/export-format.js';
import { runExport } from '../../src/db/index.js';
import { testService } from '../helpers/service.js';

const actor = 'cli:test';

/** A minimal RFC 4180 reader, to check that what we write reads back as the same cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += char;
  }
  return rows;
}

async function sample() {
  const { service, store } = testService();
  await service.create({ id: 'a', title: 'Quote "this", then | pipe', description: 'line one\nline two' }, actor);
  await service.create({ id: 'b', title: '=SUM(A1:A9)', dependencies: ['a'], tags: ['x', 'y'] }, actor);
  await service.create({ id: 'c', title: 'C', description: '  padded  ' }, actor);
  await service.complete('a', { worker: 'w', result: 'done, really' });
  await service.archive(['a'], { actor });
  return { service, store };
}

describe('export', () => {
  test('collects the store, and the archive when asked, oldest first', async () => {
    const { service } = await sample();
    const now = () => new Date('2026-02-01T00:00:00Z');
    expect((await runExport({ includeArchived: false }, { service, now })).tasks.map((task) => task.id)).toEqual(['b', 'c']);
    const all = await runExport({ includeArchived: true }, { service, now });
    expect(all.tasks.map((task) => [task.id, task.archived])).toEqual([
      ['a', true],
      ['b', false],
      ['c', false],
    ]);
    expect(all.tasks[0]).toMatchObject({ result: 'done, really', archivedAt: expect.any(String) });
  });

  test('CSV reads back cell for cell; formulas are defused; CRLF between records', async () => {
    const { service } = await sample();
    const data = await runExport({ includeArchived: true }, { service, now: () => new Date() });
    const text = toCsv(data.tasks);
    expect(text.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(text);
    const header = rows[0]!;
    const cell = (row: number, name: string) => rows[row]![header.indexOf(name)];
    expect(rows).toHaveLength(4);
    expect(rows.every((row) => row.length === header.length)).toBe(true);
    expect(cell(1, 'title')).toBe('Quote "this", then | pipe');
    expect(cell(1, 'description')).toBe('line one\nline two');
    expect(cell(1, 'result')).toBe('done, really');
    expect(cell(1, 'archived')).toBe('true');
    expect(cell(2, 'title')).toBe("'=SUM(A1:A9)");
    expect(cell(2, 'dependencies')).toBe('a');
    expect(cell(2, 'tags')).toBe('x y');
    expect(cell(3, 'description')).toBe('  padded  ');
    expect(cell(3, 'completedAt')).toBe('');
  });

  test('Markdown keeps one row per task and one cell per column', async () => {
    const { service } = await sample();
    const data = await runExport({ includeArchived: true }, { service, now: () => new Date('2026-02-01T00:00:00Z') });
    const text = renderExport(data, 'markdown');
    const rows = text.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| ID'));
    expect(rows).toHaveLength(3);
    // Unescaped pipes separate the cells: 8 columns make 9 of them on every row.
    for (const row of rows) expect(row.split(/(?<!\\)\|/)).toHaveLength(10);
    expect(rows[0]).toContain('Quote "this", then \\| pipe');
    expect(rows[0]).toContain('completed (archived)');
    expect(text).toContain('3 tasks (1 completed, 2 pending), 1 of them archived.');
  });

  test('JSON carries the tasks as stored, with the archive marks', async () => {
    const { service } = await sample();
    const data = await runExport({ includeArchived: false }, { service, now: () => new Date('2026-02-01T00:00:00Z') });
    const parsed = JSON.parse(renderExport(data, 'json'));
    expect(parsed).toMatchObject({ exportedAt: '2026-02-01T00:00:00.000Z', count: 2 });
    expect(parsed.tasks[0]).toMatchObject({ id: 'b', dependencies: ['a'], archived: false, archivedAt: null });
  });
});
