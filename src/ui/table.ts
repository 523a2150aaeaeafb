import stringWidth from 'string-width';

export interface Column<T> {
  header: string;
  value: (row: T) => string;
  /** Longer values are cut with an ellipsis (unless the layout is `wide`). */
  max?: number;
  /**
   * How narrow the column may get when the terminal is too narrow for every value, and in which round it gives
   * way: lower rounds first. A column without `shrink` keeps its width. A column whose `min` is 0 is left out
   * rather than shown empty.
   */
  shrink?: ReadonlyArray<{ round: number; min: number }>;
  /** Styling applied after measuring and cutting, so escape codes never count as width. */
  style?: (text: string, row: T) => string;
}

export interface TableLayout {
  header: (text: string) => string;
  /** The terminal's width: no line is longer. Undefined for a pipe or a file, which take any width. */
  width?: number | undefined;
  /** Every value in full: no `max`, no fitting (--wide). */
  wide?: boolean;
}

const GAP = 2;
// Printable ASCII is one column per character: measuring it needs no Unicode tables, and most cells are ASCII.
const ASCII = /^[\x20-\x7e]*$/;

// Other cells repeat (state labels, "← t3"): their widths are kept, up to a bound so a table of unique titles
// cannot grow the cache without limit.
const widthCache = new Map<string, number>();
const WIDTH_CACHE_LIMIT = 4096;

export function displayWidth(text: string): number {
  if (ASCII.test(text)) return text.length;
  let width = widthCache.get(text);
  if (width === undefined) {
    width = stringWidth(text);
    if (widthCache.size < WIDTH_CACHE_LIMIT) widthCache.set(text, width);
  }
  return width;
}

/**
 * Lays rows out in aligned columns separated by two spaces; the last column is not padded. With a width, the
 * columns that may shrink give way (round by round) until every line fits.
 */
export function renderTable<T>(rows: readonly T[], columns: readonly Column<T>[], layout: TableLayout): string[] {
  const fitted = layout.width !== undefined && !layout.wide;
  const raw = rows.map((row) => columns.map((column) => flatten(column.value(row))));
  const natural = columns.map((column, index) => {
    let widest = displayWidth(column.header);
    for (const cells of raw) widest = Math.max(widest, displayWidth(cells[index]!));
    return !layout.wide && column.max !== undefined ? Math.min(widest, column.max) : widest;
  });
  const widths = fitted ? fit(columns, natural, layout.width!) : natural;
  const shown = columns.map((_, index) => widths[index]! > 0);
  const line = (values: string[], styler: (text: string, index: number) => string) => {
    const parts: string[] = [];
    const last = shown.lastIndexOf(true);
    values.forEach((value, index) => {
      if (!shown[index]) return;
      const cell = truncate(value, widths[index]!);
      const padded = index === last ? cell : cell + ' '.repeat(widths[index]! - displayWidth(cell));
      parts.push(styler(padded, index));
    });
    return parts.join(' '.repeat(GAP)).trimEnd();
  };
  return [
    line(
      columns.map((column) => column.header),
      (text) => layout.header(text),
    ),
    ...raw.map((cells, rowIndex) => line(cells, (text, index) => columns[index]!.style?.(text, rows[rowIndex]!) ?? text)),
  ];
}

/** Column widths that fit `width`: each shrink round takes from its columns only what is still too much. */
function fit<T>(columns: readonly Column<T>[], natural: readonly number[], width: number): number[] {
  const widths = [...natural];
  const total = () => widths.reduce((sum, w, index) => sum + w + (w > 0 && index > 0 ? GAP : 0), 0);
  const rounds = [...new Set(columns.flatMap((column) => (column.shrink ?? []).map((step) => step.round)))].sort((a, b) => a - b);
  for (const round of rounds) {
    for (let index = 0; index < columns.length; index++) {
      const step = columns[index]!.shrink?.find((candidate) => candidate.round === round);
      const excess = total() - width;
      if (excess <= 0) return widths;
      if (!step || widths[index]! <= step.min) continue;
      const next = Math.max(step.min, widths[index]! - excess);
      // A column too narrow to say anything is left out, with its gap.
      widths[index] = next < Math.min(6, natural[index]!) ? 0 : next;
    }
  }
  return widths;
}

function flatten(text: string): string {
  // Line breaks would break the row; leading spaces are indentation and stay.
  return /[\r\n\t]/.test(text) ? text.replace(/[\r\n\t]+/g, ' ') : text;
}

/** Cuts `text` to at most `max` columns, ending with an ellipsis when something was cut. */
export function truncate(text: string, max: number | undefined): string {
  const flat = flatten(text);
  if (max === undefined || displayWidth(flat) <= max) return flat;
  if (max <= 0) return '';
  if (ASCII.test(flat)) return `${flat.slice(0, max - 1)}…`;
  let cut = '';
  let used = 0;
  for (const char of flat) {
    const w = stringWidth(char);
    if (used + w > max - 1) break;
    cut += char;
    used += w;
  }
  return `${cut}…`;
}
