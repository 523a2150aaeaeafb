import { isDeepStrictEqual } from 'node:util';
import { isMap, isScalar, isSeq, parseDocument, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { blankCreation, blankRestore } from '../blank.js';
import { isMapping, plain, valueAt } from '../data.js';
import { blockStart, eolOf, skipBlankLines } from '../lines.js';
import { ConfigParseError, problemAt } from '../problem.js';
import type { Creation, DeleteOutcome, DocumentFormat, SetOutcome } from '../types.js';

// YAML: Goose keeps its extensions as a mapping (name → entry), Continue its servers as a list of entries that
// carry their name. Either way our entry is a block of lines spliced in after the section's last item, at that
// item's indentation, and spliced out with the line break before it. Values are written in JSON's flow style,
// which YAML reads as it is. The `yaml` library parses to validate and to find; every edit is parsed again and
// must change nothing but our entry.

type Kind = 'map' | 'list';

export const yamlMap: DocumentFormat = format('map');
export const yamlList: DocumentFormat = format('list');

function format(kind: Kind): DocumentFormat {
  return {
    servers: (text, section) => servers(kind, text, section),
    set: (text, section, name, entry, isCurrent) => setEntry(kind, text, section, name, entry, isCurrent),
    remove: (text, section, name, creation) => removeEntry(kind, text, section, name, creation),
  };
}

function servers(kind: Kind, text: string | null, section: readonly string[]): Record<string, unknown> | undefined {
  if (text === null || text.trim() === '') return undefined;
  const value = valueAt(load(text).toJS(), section);
  if (value === undefined || value === null) return undefined;
  return entriesOf(kind, value, () => notA(kind, text, section, 0));
}

function setEntry(
  kind: Kind,
  text: string | null,
  section: readonly string[],
  name: string,
  entry: Record<string, unknown>,
  isCurrent: (existing: unknown) => boolean,
): SetOutcome {
  const eol = eolOf(text);
  if (text === null || text.trim() === '') {
    const creation = blankCreation(text);
    return { change: 'added', text: renderSection(kind, section, name, entry, '', eol).replace(/^\r?\n/, '') + eol, creation };
  }
  const document = load(text);
  const root = blockRoot(document, text);
  const existing = servers(kind, text, section)?.[name];
  const found = findSection(root, section);
  let result: string;
  let creation: Creation | null = null;
  if (!found) {
    // A missing section goes at the end of the document, after its last line of content.
    const after = lineEnd(text, root ? root.range![1] : text.trimEnd().length);
    result = text.slice(0, after) + renderSection(kind, section, name, entry, '', eol) + text.slice(after);
    creation = { depth: 0, file: false };
  } else if (isEmpty(found.value)) {
    // `extensions:`, `extensions: {}`, `mcpServers: []`: the empty value gives way to a block after the key's line
    // (a comment on that line stays there), and uninstall puts the exact text back.
    const { colon, token } = emptyValue(text, found);
    const bare = text.slice(0, colon) + text.slice(colon + token.length);
    const after = lineEnd(bare, colon);
    const indent = ' '.repeat(column(text, (found.pair.key as Node).range![0]) + 2);
    result = bare.slice(0, after) + renderItem(kind, name, entry, indent, eol) + bare.slice(after);
    creation = { depth: section.length, file: false, emptyInner: token };
  } else {
    const collection = blockCollection(text, found, section);
    const item = itemNode(kind, collection, name);
    if (existing !== undefined && item) {
      if (isCurrent(existing)) return { change: 'unchanged', text };
      const start = lineStart(text, item.start);
      const indent = text.slice(start, item.start).replace(/-\s*$/, '');
      result = text.slice(0, start) + renderItem(kind, name, entry, indent, eol).replace(/^\r?\n/, '') + text.slice(lineEnd(text, item.end));
      check(kind, text, result, section, name, entry);
      return { change: 'updated', text: result, previous: existing };
    }
    const first = collection.items[0] as Pair | Node;
    const firstStart = kind === 'map' ? ((first as Pair).key as Node).range![0] : collection.range![0];
    const indent = ' '.repeat(column(text, firstStart));
    const after = lineEnd(text, collection.range![1]);
    result = text.slice(0, after) + renderItem(kind, name, entry, indent, eol) + text.slice(after);
    creation = { depth: section.length, file: false };
  }
  check(kind, text, result, section, name, entry);
  return { change: 'added', text: result, creation };
}

function removeEntry(kind: Kind, text: string | null, section: readonly string[], name: string, creation: Creation | null): DeleteOutcome {
  if (text === null || text.trim() === '') return { change: 'absent' };
  const previous = servers(kind, text, section)?.[name];
  if (previous === undefined) return { change: 'absent' };
  const root = blockRoot(load(text), text);
  const found = findSection(root, section)!;
  const collection = blockCollection(text, found, section);
  const item = itemNode(kind, collection, name)!;
  const alone = collection.items.length === 1;
  let result: string;
  if (alone && creation && creation.depth === 0) {
    // The install added the whole section: it goes, key line and all.
    const keyStart = lineStart(text, (found.pair.key as Node).range![0]);
    const from = blockStart(text, keyStart);
    result = text.slice(0, from) + text.slice(from === 0 ? skipBlankLines(text, lineEnd(text, item.end)) : lineEnd(text, item.end));
  } else {
    const from = blockStart(text, lineStart(text, item.start));
    result = text.slice(0, from) + text.slice(lineEnd(text, item.end));
    if (alone) {
      // The section stays, with the exact empty value it had, or an empty collection rather than a null.
      const { colon } = emptyValue(text, found);
      const empty = creation?.emptyInner ?? (kind === 'map' ? ' {}' : ' []');
      result = result.slice(0, colon) + empty + result.slice(colon);
    }
  }
  check(kind, text, result, section, name, undefined);
  const blank = result.trim() === '' ? blankRestore(creation) : undefined;
  if (blank !== undefined) return { change: 'removed', text: blank, previous };
  return { change: 'removed', text: result, previous };
}

function load(text: string): Document {
  const document = parseDocument(text, { uniqueKeys: true });
  const error = document.errors[0];
  if (error) {
    const at = error.linePos?.[0];
    throw new ConfigParseError({
      message: error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''),
      line: at?.line ?? 1,
      column: at?.col ?? 1,
    });
  }
  return document;
}

/** The top-level mapping, which must be in block style; null for a document of comments only. */
function blockRoot(document: Document, text: string): YAMLMap | null {
  const root = document.contents;
  if (root === null || (isScalar(root) && root.value === null)) return null;
  if (!isMap(root) || root.flow) throw problemAt(text, (root as Node).range?.[0] ?? 0, 'the top level is not a block mapping');
  return root;
}

function findSection(root: YAMLMap | null, section: readonly string[]): { pair: Pair; value: Node | null } | undefined {
  let map: YAMLMap | null = root;
  let found: { pair: Pair; value: Node | null } | undefined;
  for (const key of section) {
    const pair = map?.items.find((candidate) => isScalar(candidate.key) && candidate.key.value === key) as Pair | undefined;
    if (!pair) return undefined;
    found = { pair, value: (pair.value as Node | null) ?? null };
    map = isMap(pair.value) ? pair.value : null;
  }
  return found;
}

/** The offset after the section key's colon, and the text of its empty value there (`''`, ` {}`, ` ~`). */
/** The section's collection, which orchestrator edits only in block style. */
function blockCollection(text: string, found: { value: Node | null }, section: readonly string[]): YAMLMap | YAMLSeq {
  const collection = found.value as YAMLMap | YAMLSeq;
  if (collection.flow)
    throw problemAt(
      text,
      collection.range![0],
      `"${section.join('.')}" is written in flow style ({…} or […]); orchestrator edits block style only: change it by hand`,
    );
  return collection;
}

function emptyValue(text: string, found: { pair: Pair; value: Node | null }): { colon: number; token: string } {
  const colon = text.indexOf(':', (found.pair.key as Node).range![1]) + 1;
  const value = found.value;
  const explicit = value && value.range && value.range[1] > value.range[0];
  return { colon, token: explicit ? text.slice(colon, value.range![1]) : '' };
}

function isEmpty(value: Node | null): boolean {
  if (value === null || (isScalar(value) && value.value === null)) return true;
  return (isMap(value) || isSeq(value)) && value.flow === true && value.items.length === 0;
}

/** Where our item is in the collection: from its key (map) or its value after `- ` (list) to its last content. */
function itemNode(kind: Kind, collection: YAMLMap | YAMLSeq, name: string): { start: number; end: number } | undefined {
  if (kind === 'map') {
    const pair = (collection as YAMLMap).items.find((candidate) => isScalar(candidate.key) && candidate.key.value === name);
    if (!pair) return undefined;
    const key = pair.key as Node;
    return { start: key.range![0], end: (pair.value as Node | null)?.range?.[1] ?? key.range![1] };
  }
  const item = (collection as YAMLSeq).items.find((candidate) => isMap(candidate) && candidate.get('name') === name) as Node | undefined;
  return item && { start: item.range![0], end: item.range![1] };
}

function entriesOf(kind: Kind, value: unknown, wrong: () => ConfigParseError): Record<string, unknown> {
  if (kind === 'map') {
    if (!isMapping(value)) throw wrong();
    return value;
  }
  if (!Array.isArray(value)) throw wrong();
  return Object.fromEntries(
    value
      .filter((item): item is Record<string, unknown> => isMapping(item) && typeof item.name === 'string')
      .map((item) => [item.name as string, item]),
  );
}

function notA(kind: Kind, text: string, section: readonly string[], offset: number): ConfigParseError {
  return problemAt(text, offset, `"${section.join('.')}" is not a ${kind === 'map' ? 'mapping' : 'list'}`);
}

/**
 * An edit must leave the document as it was but for our entry: parsed again, the section holds `entry` (or no
 * entry) under `name`, and everything else equals the original.
 */
function check(kind: Kind, before: string, after: string, section: readonly string[], name: string, entry: unknown): void {
  let edited: unknown;
  try {
    edited = load(after).toJS();
  } catch {
    throw problemAt(before, 0, `"${[...section, name].join('.')}" cannot be changed here without breaking the file`);
  }
  const ours = isMapping(edited) || edited === null ? entriesOfLoose(kind, valueAt(edited, section))[name] : undefined;
  const same =
    isDeepStrictEqual(plain(ours), plain(entry)) &&
    isDeepStrictEqual(without(kind, edited, section, name), without(kind, load(before).toJS(), section, name));
  if (!same) throw problemAt(before, 0, `"${[...section, name].join('.')}" cannot be changed here without changing other settings of the file`);
}

function entriesOfLoose(kind: Kind, value: unknown): Record<string, unknown> {
  try {
    return value === null || value === undefined ? {} : entriesOf(kind, value, () => new ConfigParseError({ message: '', line: 1, column: 1 }));
  } catch {
    return {};
  }
}

/** The document without our entry; a section left empty (or null), like a document of comments only, is absent. */
function without(kind: Kind, document: unknown, section: readonly string[], name: string): unknown {
  const copy = (plain(document) ?? {}) as Record<string, unknown>;
  const parent = valueAt(copy, section.slice(0, -1)) as Record<string, unknown> | undefined;
  const key = section.at(-1)!;
  if (!isMapping(parent)) return copy;
  let value = parent[key];
  if (kind === 'map' && isMapping(value)) delete value[name];
  if (kind === 'list' && Array.isArray(value)) value = parent[key] = value.filter((item) => !(isMapping(item) && item.name === name));
  if (value === null || (Array.isArray(value) && value.length === 0) || (isMapping(value) && Object.keys(value).length === 0)) delete parent[key];
  return copy;
}

/** The section's key lines (when missing) and our item, each line starting with a line break. */
function renderSection(kind: Kind, section: readonly string[], name: string, entry: Record<string, unknown>, indent: string, eol: string): string {
  const keys = section.map((key, depth) => `${eol}${indent}${'  '.repeat(depth)}${renderKey(key)}:`).join('');
  return keys + renderItem(kind, name, entry, indent + '  '.repeat(section.length), eol);
}

function renderItem(kind: Kind, name: string, entry: Record<string, unknown>, indent: string, eol: string): string {
  const pairs = Object.entries(entry).map(([key, value]) => `${renderKey(key)}: ${renderValue(value)}`);
  if (kind === 'list') return pairs.map((pair, index) => `${eol}${indent}${index === 0 ? '- ' : '  '}${pair}`).join('');
  return `${eol}${indent}${renderKey(name)}:` + pairs.map((pair) => `${eol}${indent}  ${pair}`).join('');
}

function renderKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) && !/^(true|false|yes|no|on|off|null|y|n)$/i.test(key) ? key : JSON.stringify(key);
}

/** JSON is YAML's flow style: strings double-quoted, lists in brackets, mappings in braces. */
function renderValue(value: unknown): string {
  return JSON.stringify(value);
}

function column(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/**
 * The end of the line that holds the content ending at `offset` (a node's end, which may lie past the line break
 * that follows it), before its line break: a comment after the content stays on its line.
 */
function lineEnd(text: string, offset: number): number {
  let content = offset;
  while (content > 0 && /\s/.test(text[content - 1]!)) content--;
  const newline = text.indexOf('\n', content);
  if (newline < 0) return text.length;
  return text[newline - 1] === '\r' ? newline - 1 : newline;
}
