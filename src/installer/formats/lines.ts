// Line arithmetic shared by the formats that splice whole lines (TOML, YAML).

/** The file's line ending, copied into everything written. */
export function eolOf(text: string | null): '\n' | '\r\n' {
  return text?.includes('\r\n') ? '\r\n' : '\n';
}

/**
 * Where a block of lines starting at `lineStart` begins once the line break that ends the line before it, and
 * any blank lines in between, count as part of it: the end of the last non-blank line before it (its trailing
 * spaces kept), or 0 when there is none.
 */
export function blockStart(text: string, lineStart: number): number {
  let from = lineStart;
  while (from > 0) {
    const lineEnd = from - (text[from - 2] === '\r' ? 2 : 1);
    const start = text.lastIndexOf('\n', lineEnd - 1) + 1;
    if (text.slice(start, lineEnd).trim() !== '') return lineEnd;
    from = start;
  }
  return 0;
}

/** The offset after the line breaks and blank lines that follow `offset`. */
export function skipBlankLines(text: string, offset: number): number {
  let to = offset;
  while (to < text.length && /\s/.test(text[to]!)) to++;
  return to;
}
