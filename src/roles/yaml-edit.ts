import { isMap, isScalar, isSeq, Pair, type Scalar, type Document, type Node, type YAMLMap } from 'yaml';
import type { RoleFileFormat } from './parse-file.js';

// Edits of a parsed role file that keep everything else in it: other roles, comments, key order and the
// quoting of untouched values. The file is re-serialised from the document, so its layout may be normalised
// (indentation of lists, blank lines), but nothing in it is lost.

/** The role fields `roles add` writes; absent fields are left as they are in the file. */
export interface RoleFieldValues {
  description?: string;
  roleDefinition?: string;
  expertise?: string[];
  approach?: string[];
  outputFormat?: string;
}

/** Serialisation that does not fold long lines or pad flow lists, so untouched values keep their shape. */
export const TO_STRING_OPTIONS = { lineWidth: 0, flowCollectionPadding: false } as const;

const ENTRY_KEYS: Record<keyof RoleFieldValues, string> = {
  roleDefinition: 'role_definition',
  description: 'description',
  expertise: 'expertise',
  approach: 'approach',
  outputFormat: 'output_format',
};
/** The order keys are written in for a new role, which is the order people read them in. */
const ENTRY_ORDER: Array<keyof RoleFieldValues> = ['description', 'roleDefinition', 'expertise', 'approach', 'outputFormat'];

/** Sets the fields of role `name` in a roles-map document, adding the role at the end when it is new. */
export function setRoleInMap(doc: Document, name: string, fields: RoleFieldValues): 'added' | 'updated' {
  if (doc.contents === null || doc.contents === undefined) doc.contents = doc.createNode({}) as unknown as typeof doc.contents;
  const map = doc.contents as unknown as YAMLMap;
  const existing = findPair(map, name);
  if (existing && isMap(existing.value)) {
    for (const key of ENTRY_ORDER) {
      const value = fields[key];
      if (value !== undefined) existing.value.set(ENTRY_KEYS[key], doc.createNode(value));
    }
    return 'updated';
  }
  const entry: Record<string, unknown> = {};
  for (const key of ENTRY_ORDER) if (fields[key] !== undefined) entry[ENTRY_KEYS[key]] = fields[key];
  const value = doc.createNode(entry) as Node;
  if (existing) {
    // The name is there but not as a mapping (a broken entry): replace its value, keep its comments.
    existing.value = value;
    return 'updated';
  }
  if (map.items.length === 0) map.flow = false;
  const key = doc.createNode(name) as Scalar;
  key.spaceBefore = map.items.length > 0;
  map.items.push(new Pair(key, value));
  return 'added';
}

/** Sets fields in a single-role document, using the key the file already uses for the steps (prompts or approach). */
export function setSingleRole(doc: Document, fields: RoleFieldValues): 'updated' {
  const map = doc.contents as unknown as YAMLMap;
  const stepsKey = map.has('approach') && !map.has('prompts') ? 'approach' : 'prompts';
  const keys: Record<keyof RoleFieldValues, string> = { ...ENTRY_KEYS, approach: stepsKey };
  for (const key of ENTRY_ORDER) {
    const value = fields[key];
    if (value !== undefined) map.set(keys[key], doc.createNode(value));
  }
  return 'updated';
}

/**
 * Removes role `name` from a roles-map document. Comments right above it go with it; comments separated from
 * it by a blank line (a file header, notes about the next role) stay. Returns false when it is not there.
 */
export function removeRoleFromMap(doc: Document, name: string): boolean {
  const map = doc.contents as unknown as YAMLMap | null;
  if (!isMap(map)) return false;
  const index = map.items.findIndex((pair) => keyText(pair) === name);
  if (index < 0) return false;
  const removed = map.items[index]!;
  map.items.splice(index, 1);
  const detached = detachedComment((removed.key as Node | null)?.commentBefore);
  const next = map.items[index];
  if (next && next.key) {
    const nextKey = next.key as Node;
    if (detached) nextKey.commentBefore = nextKey.commentBefore ? `${detached}\n\n${nextKey.commentBefore}` : `${detached}\n`;
    nextKey.spaceBefore = Boolean(nextKey.spaceBefore || (removed.key as Node | null)?.spaceBefore);
  } else if (detached) {
    doc.comment = doc.comment ? `${detached}\n\n${doc.comment}` : detached;
  }
  if (map.items.length === 0) {
    // Only comments are left: keep them as the whole file (a file without roles but with comments is valid).
    const comments = [doc.commentBefore, map.commentBefore, map.comment, doc.comment].filter((text): text is string => Boolean(text));
    doc.contents = null;
    doc.commentBefore = comments.length > 0 ? comments.join('\n\n') : null;
    doc.comment = null;
  }
  return true;
}

/** The file's new text. A document reduced to comments is written as those comments (yaml would add "null"). */
export function documentText(doc: Document): string {
  if (!hasOnlyComments(doc)) return doc.toString(TO_STRING_OPTIONS);
  const comment = [doc.commentBefore, doc.comment].filter(Boolean).join('\n\n');
  return comment === ''
    ? ''
    : `${comment
        .split('\n')
        .map((line) => (line === '' ? '' : `#${line}`))
        .join('\n')}\n`;
}

/** True when the document holds nothing but (maybe) comments. */
export function hasOnlyComments(doc: Document): boolean {
  return doc.contents === null || doc.contents === undefined;
}

/** Where a document's roles are written: a new or comment-only file becomes a roles map. */
export function formatOfDocument(doc: Document): RoleFileFormat | null {
  if (hasOnlyComments(doc)) return null;
  const contents = doc.contents as unknown as YAMLMap;
  if (!isMap(contents)) return null;
  const name = contents.get('name', true);
  return name !== undefined && !isMap(name) && !isSeq(name) ? 'single-role' : 'roles-map';
}

function findPair(map: YAMLMap, name: string): Pair | undefined {
  return map.items.find((pair) => keyText(pair) === name) as Pair | undefined;
}

function keyText(pair: Pair): string | undefined {
  return isScalar(pair.key) ? String(pair.key.value) : undefined;
}

/** The part of a comment above a key that is separated from it by a blank line. */
function detachedComment(comment: string | null | undefined): string | undefined {
  if (!comment) return undefined;
  if (comment.endsWith('\n')) return comment.replace(/\n+$/, '');
  const paragraphs = comment.split('\n\n');
  paragraphs.pop();
  return paragraphs.length > 0 ? paragraphs.join('\n\n') : undefined;
}
