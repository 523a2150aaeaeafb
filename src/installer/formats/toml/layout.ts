// Where the tables of a TOML file are, as text: each header's line, its keys, and where its block of key/value
// lines ends. Only ever run on text that smol-toml has parsed, so it need not report errors; it must only tell a
// header from a `[` inside a string, a comment, an array or an inline table.

export interface TableBlock {
  keys: string[];
  /** `[[…]]`: one element of an array of tables. */
  array: boolean;
  /** Offset of the start of the header's line. */
  start: number;
  /** Offset just after the last line of the block that holds a key or value (before its line break). */
  contentEnd: number;
}

export interface Layout {
  blocks: TableBlock[];
  /** End of the last non-blank line of the file, comments included (0 when there is none). */
  lastLineEnd: number;
}

export function layout(text: string): Layout {
  const blocks: TableBlock[] = [];
  let depth = 0;
  let lineHasContent = false;
  let lineHasText = false;
  let lastContentEnd = 0;
  let lastLineEnd = 0;
  let i = 0;
  const endLine = (at: number) => {
    const end = text[at - 1] === '\r' ? at - 1 : at;
    if (lineHasContent) lastContentEnd = end;
    if (lineHasText) lastLineEnd = end;
    lineHasContent = false;
    lineHasText = false;
  };
  const closeBlock = () => {
    const open = blocks.at(-1);
    if (open) open.contentEnd = Math.max(open.contentEnd, lastContentEnd);
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      endLine(i);
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (c === '#') {
      lineHasText = true;
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '[' && depth === 0 && !lineHasContent) {
      closeBlock();
      const array = text[i + 1] === '[';
      const { keys, end } = headerKeys(text, i + (array ? 2 : 1));
      const start = text.lastIndexOf('\n', i - 1) + 1;
      i = end + (array ? 2 : 1);
      lineHasContent = lineHasText = true;
      blocks.push({ keys, array, start, contentEnd: i });
    } else {
      lineHasContent = lineHasText = true;
      if (c === '"' || c === "'") i = stringEnd(text, i);
      else {
        if (c === '[' || c === '{') depth++;
        else if (c === ']' || c === '}') depth--;
        i++;
      }
    }
  }
  endLine(text.length);
  closeBlock();
  return { blocks, lastLineEnd };
}

/** The keys of a header starting at `from` (after the brackets), and the offset of its closing bracket. */
function headerKeys(text: string, from: number): { keys: string[]; end: number } {
  const keys: string[] = [];
  let i = from;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '.') i++;
    else if (c === ']') break;
    else if (c === '"' || c === "'") {
      const end = stringEnd(text, i);
      keys.push(c === '"' ? unescapeBasic(text.slice(i + 1, end - 1)) : text.slice(i + 1, end - 1));
      i = end;
    } else {
      const bare = /^[A-Za-z0-9_-]+/.exec(text.slice(i))![0];
      keys.push(bare);
      i += bare.length;
    }
  }
  return { keys, end: i };
}

/** The offset just after the string starting at `at`: basic or literal, on one line or several. */
function stringEnd(text: string, at: number): number {
  const quote = text[at]!;
  const multi = text.startsWith(quote.repeat(3), at);
  if (multi) {
    let i = at + 3;
    for (;;) {
      if (quote === '"' && text[i] === '\\') i += 2;
      else if (text.startsWith(quote.repeat(3), i)) {
        // Up to two quotes may close the content right before the delimiter: """a"""" is `a"`.
        let end = i + 3;
        while (text[end] === quote && end < i + 5) end++;
        return end;
      } else if (i >= text.length) return text.length;
      else i++;
    }
  }
  let i = at + 1;
  while (i < text.length && text[i] !== quote && text[i] !== '\n') i += quote === '"' && text[i] === '\\' ? 2 : 1;
  return i + 1;
}

function unescapeBasic(body: string): string {
  try {
    return JSON.parse(
      `"${body.replace(/\\U([0-9A-Fa-f]{8})/g, (_match, hex: string) => String.fromCodePoint(parseInt(hex, 16)).replace(/"/g, '\\"'))}"`,
    ) as string;
  } catch {
    return body;
  }
}
