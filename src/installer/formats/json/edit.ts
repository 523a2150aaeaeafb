import { createScanner, type Node } from 'jsonc-parser';

// Text-level edits of one property, written so that removing a property we inserted gives back the original
// bytes. jsonc-parser's `modify` re-formats neighbouring values when it inserts (an inline `{ "a": 1 }` next to
// ours comes out spread over lines), so only parsing and scanning come from it; the splices are ours.
//
// Insertion puts our property on a new line after the last property, and copies the object's trailing-comma
// habit: `"a": 1` becomes `"a": 1,` + `\n  "ours": …`, while `"a": 1,` gets `\n  "ours": …,`. Removal undoes
// either from the file alone: it deletes the line break, indentation and property, plus the comma after it if
// there is one, or else the comma before it.

/** The file's habits, copied into everything we write. */
export interface TextStyle {
  eol: '\n' | '\r\n';
  /** One level of indentation: a tab or some spaces. */
  indent: string;
}

// jsonc-parser's SyntaxKind is a const enum, which isolated modules cannot import.
const COMMA = 5;
const LINE_COMMENT = 12;
const BLOCK_COMMENT = 13;
const LINE_BREAK = 14;
const TRIVIA = 15;

export function detectStyle(text: string): TextStyle {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  // The first indented property name is one level deep in any pretty-printed file.
  const key = /^([ \t]+)"/m.exec(text);
  if (key?.[1]) return { eol, indent: key[1].startsWith('\t') ? '\t' : key[1] };
  return { eol, indent: '  ' };
}

/** Lays out `value` as it would look starting on a line indented by `lineIndent`. */
export function formatValue(value: unknown, lineIndent: string, style: TextStyle): string {
  return JSON.stringify(value, null, style.indent)
    .split('\n')
    .join(style.eol + lineIndent);
}

/** A whole new document holding `value`. */
export function newDocument(value: unknown, style: TextStyle): string {
  return formatValue(value, '', style) + style.eol;
}

export function insertProperty(text: string, object: Node, key: string, value: unknown, style: TextStyle): string {
  const properties = object.children ?? [];
  const last = properties[properties.length - 1];
  const open = object.offset;
  if (!last) {
    const close = object.offset + object.length - 1;
    const base = lineIndent(text, open);
    const line = base + style.indent;
    const property = `${JSON.stringify(key)}: ${formatValue(value, line, style)}`;
    const inner = text.slice(open + 1, close);
    // `{}` or `{ }` is laid out over lines; anything else between the braces (a line break, a comment) stays.
    if (/^[ \t]*$/.test(inner)) return text.slice(0, open + 1) + style.eol + line + property + style.eol + base + text.slice(close);
    return splice(text, open + 1, style.eol + line + property);
  }
  const lastEnd = last.offset + last.length;
  const line = onSameLine(text, open, last.offset) ? lineIndent(text, open) + style.indent : lineIndent(text, last.offset);
  const property = `${JSON.stringify(key)}: ${formatValue(value, line, style)}`;
  const trailingComma = commaAfter(text, lastEnd);
  if (trailingComma !== undefined) {
    return splice(text, endOfLine(text, trailingComma + 1), style.eol + line + property + ',');
  }
  const withProperty = splice(text, endOfLine(text, lastEnd), style.eol + line + property);
  return splice(withProperty, lastEnd, ',');
}

export function removeProperty(text: string, object: Node, property: Node): string {
  const properties = object.children ?? [];
  const index = properties.indexOf(property);
  const end = property.offset + property.length;
  const ranges: Array<[number, number]> = [[startOfLine(text, property.offset), end]];
  const after = commaAfter(text, end);
  if (after !== undefined) ranges.push([after, after + 1]);
  else if (index > 0) {
    const previous = properties[index - 1]!;
    const before = commaAfter(text, previous.offset + previous.length);
    if (before !== undefined) ranges.push([before, before + 1]);
  }
  return ranges.sort((a, b) => b[0] - a[0]).reduce((result, [from, to]) => result.slice(0, from) + result.slice(to), text);
}

/** Replaces a value in place, laid out at the indentation of its property's line. */
export function replaceValue(text: string, valueNode: Node, value: unknown, style: TextStyle): string {
  const line = lineIndent(text, valueNode.parent?.offset ?? valueNode.offset);
  return text.slice(0, valueNode.offset) + formatValue(value, line, style) + text.slice(valueNode.offset + valueNode.length);
}

/** Replaces everything between an object's braces. */
export function replaceInner(text: string, object: Node, inner: string): string {
  return text.slice(0, object.offset + 1) + inner + text.slice(object.offset + object.length - 1);
}

export function innerText(text: string, object: Node): string {
  return text.slice(object.offset + 1, object.offset + object.length - 1);
}

/** Offset of the comma that follows `offset`, across spaces, line breaks and comments, if the next token is one. */
function commaAfter(text: string, offset: number): number | undefined {
  const scanner = createScanner(text, false);
  scanner.setPosition(offset);
  for (let kind = scanner.scan(); ; kind = scanner.scan()) {
    if (kind === TRIVIA || kind === LINE_BREAK || kind === LINE_COMMENT || kind === BLOCK_COMMENT) continue;
    return kind === COMMA ? scanner.getTokenOffset() : undefined;
  }
}

/**
 * Where a new line may start after `offset`: before the line break that ends this line, when only spaces and
 * comments stand in between (so a comment stays on the line of the property it describes); else `offset`.
 */
function endOfLine(text: string, offset: number): number {
  const scanner = createScanner(text, false);
  scanner.setPosition(offset);
  for (let kind = scanner.scan(); ; kind = scanner.scan()) {
    if (kind === TRIVIA || kind === LINE_COMMENT || (kind === BLOCK_COMMENT && !/[\r\n]/.test(scanner.getTokenValue()))) continue;
    return kind === LINE_BREAK ? scanner.getTokenOffset() : offset;
  }
}

/** The start of the line break and indentation in front of `offset`, or of the spaces in front of it. */
function startOfLine(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  if (text[i - 1] === '\n') return text[i - 2] === '\r' ? i - 2 : i - 1;
  return i;
}

function lineIndent(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start, offset))![0];
}

function onSameLine(text: string, a: number, b: number): boolean {
  return !/[\r\n]/.test(text.slice(Math.min(a, b), Math.max(a, b)));
}

function splice(text: string, at: number, insert: string): string {
  return text.slice(0, at) + insert + text.slice(at);
}
