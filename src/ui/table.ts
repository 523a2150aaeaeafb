import stringWidth from 'string-width';

export interface Column<T> {
  header: string;
  value: (row: T) => string;
  /** Longer values are cut with an ellipsis. */
  max?: number;
  /** Styling applied after measuring and cutting, so escape codes never count as width. */
  style?: (text: string, row: T) => string;
}

/** Lays rows out in aligned columns separated by two spaces; the last column is not padded. */
export function renderTable<T>(rows: readonly T[], columns: readonly Column<T>[], style: { header: (text: string) => string }): string[] {
  const cells = rows.map((row) => columns.map((column) => truncate(column.value(row), column.max)));
  const widths = columns.map((column, index) =>
    Math.max(stringWidth(column.header), ...cells.map((row) => stringWidth(row[index]!))),
  );
  const line = (values: string[], styler: (text: string, index: number) => string) =>
    values
      .map((value, index) => {
        const padded = index === values.length - 1 ? value : value + ' '.repeat(widths[index]! - stringWidth(value));
        return styler(padded, index);
      })
      .join('  ')
      .trimEnd();
  return [
    line(columns.map((column) => column.header), (text) => style.header(text)),
    ...cells.map((row, rowIndex) => line(row, (text, index) => columns[index]!.style?.(text, rows[rowIndex]!) ?? text)),
  ];
}

export function truncate(text: string, max: number | undefined): string {
  // Line breaks would break the row; leading spaces are indentation and stay.
  const flat = text.replace(/[\r\n\t]+/g, ' ');
  if (max === undefined || stringWidth(flat) <= max) return flat;
  let cut = '';
  for (const char of flat) {
    if (stringWidth(cut + char) > max - 1) break;
    cut += char;
  }
  return `${cut}…`;
}
