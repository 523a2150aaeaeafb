import stringWidth from 'string-width';
import { describe, expect, test } from 'vitest';
import { displayWidth, renderTable, truncate, type Column } from '../../src/ui/table.js';

const plain = { header: (text: string) => text };

describe('renderTable', () => {
  const rows = [
    { id: 't1', state: '● ready', title: 'A title that is much longer than the terminal has room for today', detail: 'cli:alice, 7 h left' },
    { id: 't2', state: '○ blocked', title: 'Short', detail: '' },
  ];
  const columns: Column<(typeof rows)[number]>[] = [
    { header: 'ID', value: (row) => row.id },
    { header: 'STATE', value: (row) => row.state },
    { header: 'TITLE', value: (row) => row.title, shrink: [{ round: 2, min: 8 }] },
    {
      header: 'DETAIL',
      value: (row) => row.detail,
      shrink: [
        { round: 1, min: 8 },
        { round: 3, min: 0 },
      ],
    },
  ];

  test('without a width every value is whole', () => {
    const lines = renderTable(rows, columns, plain);
    expect(lines[1]).toContain(rows[0]!.title);
    expect(lines[1]).toContain('cli:alice, 7 h left');
  });

  test('with a width the shrinking columns give way round by round, and no line is longer', () => {
    for (const width of [100, 60, 40, 30]) {
      const lines = renderTable(rows, columns, { ...plain, width });
      for (const line of lines) expect(stringWidth(line), `${width}: ${line}`).toBeLessThanOrEqual(width);
    }
    // At 60 the detail went down to its minimum first, then the title took what was left.
    const sixty = renderTable(rows, columns, { ...plain, width: 60 });
    expect(sixty[1]).toMatch(/A title that is much longer than t… +cli:ali…$/);
    // At 30 the detail is left out altogether rather than shown as a sliver.
    expect(renderTable(rows, columns, { ...plain, width: 30 })[0]).toBe('ID  STATE      TITLE');
  });

  test('wide ignores max', () => {
    const capped: Column<{ v: string }>[] = [{ header: 'V', value: (row) => row.v, max: 5 }];
    expect(renderTable([{ v: 'abcdefgh' }], capped, plain)[1]).toBe('abcd…');
    expect(renderTable([{ v: 'abcdefgh' }], capped, { ...plain, wide: true })[1]).toBe('abcdefgh');
  });
});

describe('widths', () => {
  test('ASCII, wide characters and emoji are measured as a terminal shows them', () => {
    expect(displayWidth('plain')).toBe(5);
    expect(displayWidth('日本語')).toBe(6);
    expect(displayWidth('● ready')).toBe(7);
    expect(truncate('日本語のタイトル', 7)).toBe('日本語…');
    expect(truncate('line one\nline two', 40)).toBe('line one line two');
  });
});
