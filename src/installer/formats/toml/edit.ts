import { isDeepStrictEqual } from 'node:util';
import { parse, TomlError } from 'smol-toml';
import { blankCreation, blankRestore } from '../blank.js';
import { isMapping, plain, valueAt } from '../data.js';
import { blockStart, eolOf, skipBlankLines } from '../lines.js';
import { ConfigParseError, problemAt } from '../problem.js';
import type { DocumentFormat } from '../types.js';
import { layout, type TableBlock } from './layout.js';

// TOML (Codex's config.toml): our entry is one `[section.name]` table with inline values, spliced in after the
// section's last table (or at the end of the file) with one blank line before it, and spliced out with the line
// breaks before it, so that removing it gives back the bytes that were there. smol-toml parses to validate and to
// find entries; every edit is parsed again and must change nothing but our entry.

export const toml: DocumentFormat = {
  servers(text, section) {
    if (text === null || text.trim() === '') return undefined;
    const value = valueAt(parseToml(text), section);
    if (value === undefined) return undefined;
    if (!isMapping(value)) throw notATable(text, section);
    return value;
  },

  set(text, section, name, entry, isCurrent) {
    const keys = [...section, name];
    if (text === null || text.trim() === '') {
      const eol = eolOf(text);
      const creation = blankCreation(text);
      return { change: 'added', text: renderTable(keys, entry, eol) + eol, creation };
    }
    const document = parseToml(text);
    const eol = eolOf(text);
    const container = valueAt(document, section);
    if (container !== undefined && !isMapping(container)) throw notATable(text, section);
    const existing = isMapping(container) ? container[name] : undefined;
    const { blocks, lastLineEnd } = layout(text);
    if (existing !== undefined) {
      if (isCurrent(existing)) return { change: 'unchanged', text };
      // Our table takes the new text; its sub-tables (an [….env] table) go, since env is written inline.
      const result = splice(text, ownBlocks(text, blocks, keys), renderTable(keys, entry, eol));
      checkEdit(text, result, keys, entry);
      return { change: 'updated', text: result, previous: existing };
    }
    const related = blocks.filter((block) => startsWith(block.keys, section));
    const after = related.length > 0 ? related.at(-1)!.contentEnd : lastLineEnd;
    const result = text.slice(0, after) + eol + eol + renderTable(keys, entry, eol) + text.slice(after);
    checkEdit(text, result, keys, entry);
    return { change: 'added', text: result, creation: { depth: container === undefined ? 0 : section.length, file: false } };
  },

  remove(text, section, name, creation) {
    if (text === null || text.trim() === '') return { change: 'absent' };
    const keys = [...section, name];
    const previous = valueAt(parseToml(text), keys);
    if (previous === undefined) return { change: 'absent' };
    const result = splice(text, ownBlocks(text, layout(text).blocks, keys), null);
    checkEdit(text, result, keys, undefined);
    const blank = result.trim() === '' ? blankRestore(creation) : undefined;
    if (blank !== undefined) return { change: 'removed', text: blank, previous };
    return { change: 'removed', text: result, previous };
  },
};

function parseToml(text: string): Record<string, unknown> {
  try {
    return parse(text) as Record<string, unknown>;
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    const message = error.message.split('\n')[0]!.replace(/^Invalid TOML document: /, '');
    throw new ConfigParseError({ message, line: error.line, column: error.column });
  }
}

/** The tables that hold our entry: `[section.name]` and any `[section.name.…]`, the first one first. */
function ownBlocks(text: string, blocks: readonly TableBlock[], keys: readonly string[]): TableBlock[] {
  const ours = blocks.filter((block) => !block.array && startsWith(block.keys, keys));
  const main = ours.find((block) => block.keys.length === keys.length);
  if (!main) {
    const where = Math.max(0, text.indexOf(keys.at(-1)!));
    throw problemAt(
      text,
      where,
      `"${keys.join('.')}" is not written as its own [${keys.join('.')}] table, which is all orchestrator edits; change it by hand`,
    );
  }
  return [main, ...ours.filter((block) => block !== main)];
}

/**
 * Replaces the first block with `replacement` (or removes it, when null) and removes the others. A removed block
 * goes with the line breaks and blank lines between it and the line before it; one at the very start of the file,
 * with the line breaks after it. Blocks are handled from the last to the first, so offsets stay valid.
 */
function splice(text: string, blocks: readonly TableBlock[], replacement: string | null): string {
  let result = text;
  for (const block of [...blocks].sort((a, b) => b.start - a.start)) {
    if (block === blocks[0] && replacement !== null) {
      result = result.slice(0, block.start) + replacement + result.slice(block.contentEnd);
      continue;
    }
    const from = blockStart(result, block.start);
    const to = from === 0 ? skipBlankLines(result, block.contentEnd) : block.contentEnd;
    result = result.slice(0, from) + result.slice(to);
  }
  return result;
}

/**
 * An edit must leave the document as it was but for our entry: parsed again, the result holds `entry` (or
 * nothing) at `keys`, and everything else is equal to the original. Anything else (a header that cannot extend
 * the section, say) is refused rather than written.
 */
function checkEdit(before: string, after: string, keys: readonly string[], entry: unknown): void {
  const original = parse(before) as Record<string, unknown>;
  let edited: Record<string, unknown>;
  try {
    edited = parse(after) as Record<string, unknown>;
  } catch {
    throw problemAt(before, 0, `"${keys.join('.')}" cannot be changed here without breaking the file`);
  }
  const ok =
    isDeepStrictEqual(plain(valueAt(edited, keys)), plain(entry)) && isDeepStrictEqual(plain(without(edited, keys)), plain(without(original, keys)));
  if (!ok) throw problemAt(before, 0, `"${keys.join('.')}" cannot be changed here without changing other settings of the file`);
}

function without(document: Record<string, unknown>, keys: readonly string[]): unknown {
  const copy = plain(document) as Record<string, unknown>;
  const parent = valueAt(copy, keys.slice(0, -1));
  if (isMapping(parent)) {
    delete parent[keys.at(-1)!];
    // A section that only our table implied disappears with it.
    if (Object.keys(parent).length === 0 && keys.length > 1) delete (valueAt(copy, keys.slice(0, -2)) as Record<string, unknown>)[keys.at(-2)!];
  }
  return copy;
}

function renderTable(keys: readonly string[], entry: Record<string, unknown>, eol: string): string {
  const lines = [`[${keys.map(renderKey).join('.')}]`, ...Object.entries(entry).map(([key, value]) => `${renderKey(key)} = ${renderValue(value)}`)];
  return lines.join(eol);
}

function renderKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : renderString(key);
}

function renderValue(value: unknown): string {
  if (typeof value === 'string') return renderString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(renderValue).join(', ')}]`;
  if (isMapping(value)) {
    const pairs = Object.entries(value).map(([key, v]) => `${renderKey(key)} = ${renderValue(v)}`);
    return pairs.length === 0 ? '{}' : `{ ${pairs.join(', ')} }`;
  }
  throw new Error(`a ${typeof value} cannot be written to TOML`);
}

/** A TOML basic string: like JSON's, but DEL and every control character but tab must be escaped too. */
function renderString(value: string): string {
  return JSON.stringify(value).replace(/[\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function startsWith(keys: readonly string[], prefix: readonly string[]): boolean {
  return prefix.every((key, index) => keys[index] === key);
}

function notATable(text: string, section: readonly string[]): ConfigParseError {
  return problemAt(text, Math.max(0, text.indexOf(section[0]!)), `"${section.join('.')}" is not a table`);
}
