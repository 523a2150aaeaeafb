import { z } from 'zod';
import { OrchestratorError } from '../errors.js';
import { dataRecord, emptyRecord } from './draft.js';

/**
 * The on-disk layout of a document: JSON with one collection entry per line.
 *
 * ```
 * {
 *   "schemaVersion": 1,
 *   "tasks": {
 *     "t1": {"id":"t1",...},
 *     "t2": {"id":"t2",...}
 *   }
 * }
 * ```
 *
 * Entries are immutable once stored (changes replace them), which makes two shortcuts safe:
 * - writing: the JSON of an entry a change wrote is computed once and reused, so a change costs O(changed
 *   entries) in serialisation plus joining the lines;
 * - reading again: a line identical to the JSON of the entry read before under its key is that entry, so only
 *   changed lines are parsed and validated. Anything that does not follow the layout (a hand edit, another
 *   formatter) is read with a plain JSON.parse and validated in full, as is every first read.
 * The JSON of entries that were read is not kept: it would hold a second copy of the document (the text of the
 * snapshot, which every line is a slice of) for the life of the process. Every stored entry is frozen: an
 * in-place edit, which would silently not be saved, throws.
 */

export interface CodecSchemas {
  /** Everything outside the collections. */
  header: z.ZodType<Record<string, unknown>>;
  /** Top-level records of entries, validated entry by entry. */
  collections: Readonly<Record<string, z.ZodType<unknown>>>;
}

/** Each stored entry's JSON, computed once: entries are immutable. */
const entryJson = new WeakMap<object, string>();

export function encodeDocument(document: Record<string, unknown>, schemas: CodecSchemas): string {
  const lines = ['{'];
  const keys = Object.keys(document).filter((key) => document[key] !== undefined);
  keys.forEach((key, index) => {
    const comma = index < keys.length - 1 ? ',' : '';
    const value = document[key];
    const name = JSON.stringify(key);
    if (key in schemas.collections && isRecord(value) && Object.keys(value).length > 0) {
      const entries: string[] = [];
      for (const entryKey in value) entries.push(lineOf(entryKey, value[entryKey]));
      lines.push(`  ${name}: {`, entries.join(',\n'), `  }${comma}`);
    } else {
      lines.push(`  ${name}: ${JSON.stringify(value)}${comma}`);
    }
  });
  lines.push('}', '');
  return lines.join('\n');
}

/**
 * Parses a document written by encodeDocument. An entry line whose text is exactly the JSON of the
 * entry stored under the same key in `previous` is that entry, reused without parsing or validation. Returns
 * undefined when the text does not follow the layout; the caller then parses it as plain JSON. A changed
 * entry that fails validation is thrown as a ZodError with its full path.
 */
export function decodeLayout(
  text: string,
  schemas: CodecSchemas,
  previous: Record<string, unknown> | undefined,
): Record<string, unknown> | undefined {
  const lines = text.split('\n');
  if (lines[0] !== '{') return undefined;
  const raw: Record<string, unknown> = {};
  let i = 1;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '}') break;
    const field = /^ {2}("(?:[^"\\]|\\.)*"): (.*?),?$/.exec(line);
    if (!field) return undefined;
    const key = JSON.parse(field[1]!) as string;
    const schema = schemas.collections[key];
    if (field[2] === '{' && schema) {
      const before = previous && isRecord(previous[key]) ? previous[key] : undefined;
      const entries = emptyRecord();
      for (i++; i < lines.length && !/^ {2}\},?$/.test(lines[i]!); i++) {
        const entryLine = lines[i]!.endsWith(',') ? lines[i]!.slice(0, -1) : lines[i]!;
        const split = splitEntryLine(entryLine);
        if (!split) return undefined;
        const known = before && Object.hasOwn(before, split.key) ? before[split.key] : undefined;
        if (known !== undefined && typeof known === 'object' && known !== null && jsonOnce(known) === split.json) {
          entries[split.key] = known;
          continue;
        }
        let value: unknown;
        try {
          value = JSON.parse(split.json);
        } catch {
          return undefined;
        }
        entries[split.key] = validateEntry(schema, key, split.key, value);
        // Not cached as the entry's JSON: the line is a slice of the whole text, which it would keep alive.
        deepFreeze(value);
      }
      if (i >= lines.length) return undefined;
      raw[key] = entries;
    } else {
      try {
        raw[key] = JSON.parse(field[2]!);
      } catch {
        return undefined;
      }
    }
  }
  if (i >= lines.length || lines.slice(i + 1).some((rest) => rest.trim() !== '')) return undefined;
  return raw;
}

/** `    "key": <json>` → the key and the JSON text of the value. */
function splitEntryLine(line: string): { key: string; json: string } | undefined {
  if (!line.startsWith('    "')) return undefined;
  let end = 5;
  for (; end < line.length; end++) {
    const code = line.charCodeAt(end);
    if (code === 92 /* backslash */) end++;
    else if (code === 34 /* quote */) break;
  }
  if (end >= line.length || line.slice(end + 1, end + 3) !== ': ') return undefined;
  const literal = line.slice(4, end + 1);
  try {
    return { key: literal.includes('\\') ? (JSON.parse(literal) as string) : literal.slice(1, -1), json: line.slice(end + 3) };
  } catch {
    return undefined;
  }
}

/** Validates a whole document that was parsed as plain JSON: the header, then every entry. */
export function validateDocument(raw: Record<string, unknown>, schemas: CodecSchemas): Record<string, unknown> {
  const header: Record<string, unknown> = {};
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const schema = schemas.collections[key];
    if (!schema) {
      header[key] = value;
      continue;
    }
    if (!isRecord(value)) throw new z.ZodError([{ code: 'custom', message: 'expected an object', path: [key], input: value }]);
    const entries = emptyRecord();
    for (const [entryKey, entry] of Object.entries(value)) entries[entryKey] = validateEntry(schema, key, entryKey, entry);
    result[key] = entries;
  }
  for (const key of Object.keys(schemas.collections)) if (!(key in result)) result[key] = emptyRecord();
  return { ...schemas.header.parse(header), ...result };
}

export function validateEntry(schema: z.ZodType<unknown>, collection: string, key: string, entry: unknown): unknown {
  const result = schema.safeParse(entry);
  if (!result.success) {
    throw new z.ZodError(result.error.issues.map((issue) => ({ ...issue, path: [collection, key, ...issue.path] })));
  }
  if (isRecord(entry) && typeof entry.id === 'string' && entry.id !== key) {
    throw new z.ZodError([
      { code: 'custom', message: `stored under "${key}" but its id is "${entry.id}"`, path: [collection, key, 'id'], input: entry.id },
    ]);
  }
  // Keep the object as given (zod's output would drop unknown fields a newer version may have written).
  return entry;
}

function lineOf(key: string, entry: unknown): string {
  return `    ${JSON.stringify(key)}: ${jsonOnce(entry)}`;
}

/** Entries as they were read, frozen like every stored entry (their JSON is computed when first needed). */
export function freezeEntries(document: Record<string, unknown>, schemas: CodecSchemas): void {
  for (const collection of Object.keys(schemas.collections)) {
    const entries = document[collection];
    if (isRecord(entries)) for (const key in entries) deepFreeze(entries[key]);
  }
}

/**
 * An entry's JSON, the cached one when there is one, else computed and not kept: a whole document's worth of
 * JSON (a snapshot being written, a reread compared with what it replaces) would otherwise stay in memory.
 */
export function jsonOnce(entry: unknown): string {
  if (typeof entry !== 'object' || entry === null) return JSON.stringify(entry);
  const json = entryJson.get(entry);
  if (json !== undefined) return json;
  deepFreeze(entry);
  return JSON.stringify(entry);
}

/** An entry's JSON, computed once; the entry is frozen from then on (entries are immutable once stored). */
export function jsonOf(entry: unknown): string {
  if (typeof entry !== 'object' || entry === null) return JSON.stringify(entry);
  let json = entryJson.get(entry);
  if (json === undefined) {
    json = JSON.stringify(entry);
    deepFreeze(entry);
    entryJson.set(entry, json);
  }
  return json;
}

/** Freezes an entry read from elsewhere, without computing or keeping its JSON. */
export function freezeEntry(entry: unknown): void {
  deepFreeze(entry);
}

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The fields of a document outside its collections (a field set to undefined is no field). */
export function headerOf(document: Record<string, unknown>, collections: ReadonlySet<string>): Record<string, unknown> {
  const header: Record<string, unknown> = {};
  for (const key of Object.keys(document)) if (!collections.has(key) && document[key] !== undefined) header[key] = document[key];
  return header;
}

/** The document with every collection a prototype-free object, so that any key is plain data. */
export function withDataCollections<T>(document: T, collections: ReadonlySet<string>): T {
  const record = document as Record<string, unknown>;
  for (const collection of collections) {
    const entries = record[collection];
    if (isRecord(entries) && Object.getPrototypeOf(entries) === null) continue;
    record[collection] = isRecord(entries) ? dataRecord(entries) : emptyRecord();
  }
  return document;
}

/** Adds `key` to the keys of `collection` in `map`. */
export function addKey(map: Map<string, Set<string>>, collection: string, key: string): void {
  let keys = map.get(collection);
  if (!keys) map.set(collection, (keys = new Set()));
  keys.add(key);
}

/** The keys per collection, as a change feed reports them. */
export function keysOf(changes: ReadonlyMap<string, ReadonlySet<string> | ReadonlyMap<string, unknown>>): Record<string, string[]> {
  const keys: Record<string, string[]> = {};
  for (const [collection, entries] of changes) keys[collection] = [...entries.keys()];
  return keys;
}

/** Validates the entries a change wrote (the others were validated when they entered the document). */
export function validateChanges(changes: ReadonlyMap<string, ReadonlyMap<string, unknown>>, schemas: CodecSchemas): void {
  validateChange(() => {
    for (const [collection, entries] of changes) {
      const schema = schemas.collections[collection]!;
      for (const [key, value] of entries) if (value !== undefined) validateEntry(schema, collection, key, value);
    }
  });
}

/** Validation of a change: a failure refuses the change and leaves the store as it was. */
export function validateChange<R>(validate: () => R): R {
  try {
    return validate();
  } catch (error) {
    if (error instanceof z.ZodError) {
      throw new OrchestratorError(`The change was refused: ${z.prettifyError(error)}`, { code: 'INVALID_INPUT', cause: error });
    }
    throw error;
  }
}
