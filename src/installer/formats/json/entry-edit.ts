import { getNodeValue, type Node } from 'jsonc-parser';
import { blankCreation, blankRestore } from '../blank.js';
import { problemAt } from '../problem.js';
import type { Creation, DeleteOutcome, DocumentFormat, SetOutcome } from '../types.js';
import { findProperty, nodeAt, parseObject } from './parse.js';
import { detectStyle, innerText, insertProperty, newDocument, removeProperty, replaceInner, replaceValue, type TextStyle } from './edit.js';

/** JSON with comments and trailing commas; `emptyInner` keeps the text between the braces of an empty object. */
export const json: DocumentFormat = {
  servers(text, section) {
    if (text === null || text.trim() === '') return undefined;
    const node = nodeAt(parseObject(text), section);
    if (node === undefined) return undefined;
    if (node.type !== 'object') throw notAnObject(text, node, section);
    return getNodeValue(node) as Record<string, unknown>;
  },
  set: setEntry,
  remove: deleteEntry,
};

/**
 * Adds or replaces `name` inside the object at `section`, creating missing objects on the way. `text` is the
 * file (null when it does not exist). Throws ConfigParseError when the file, or an object on the path, cannot
 * be edited safely.
 */
export function setEntry(
  text: string | null,
  section: readonly string[],
  name: string,
  entry: unknown,
  isCurrent: (existing: unknown) => boolean,
): SetOutcome {
  const keys = [...section, name];
  if (text === null || text.trim() === '') {
    const style: TextStyle = { eol: text?.includes('\r\n') ? '\r\n' : '\n', indent: '  ' };
    const creation = blankCreation(text);
    return { change: 'added', text: newDocument(nest(keys, entry), style), creation };
  }
  const style = detectStyle(text);
  let object = parseObject(text)!;
  for (let depth = 0; depth < keys.length; depth++) {
    const key = keys[depth]!;
    const property = findProperty(object, key);
    if (!property) {
      const empty = (object.children ?? []).length === 0;
      const creation: Creation = { depth, file: false, ...(empty && { emptyInner: innerText(text, object) }) };
      return { change: 'added', text: insertProperty(text, object, key, nest(keys.slice(depth + 1), entry), style), creation };
    }
    const value = property.children![1]!;
    if (depth === keys.length - 1) {
      const existing = getNodeValue(value);
      if (isCurrent(existing)) return { change: 'unchanged', text };
      return { change: 'updated', text: replaceValue(text, value, entry, style), previous: existing };
    }
    if (value.type !== 'object') throw notAnObject(text, value, keys.slice(0, depth + 1));
    object = value;
  }
  throw new Error('unreachable: the loop returns at the last key');
}

/**
 * Removes `name` from the object at `section`. With the Creation recorded by the install that added it, also
 * removes the objects that install created once they are empty, restores the exact text of an object that was
 * empty before, and deletes a file the install created (null text) once nothing but `{}` remains.
 */
export function deleteEntry(text: string | null, section: readonly string[], name: string, creation: Creation | null): DeleteOutcome {
  if (text === null || text.trim() === '') return { change: 'absent' };
  const keys = [...section, name];
  const root = parseObject(text)!;
  const container = nodeAt(root, section);
  const property = container?.type === 'object' ? findProperty(container, name) : undefined;
  if (!container || !property) return { change: 'absent' };
  const previous = getNodeValue(property.children![1]!);
  let result = removeProperty(text, container, property);
  if (creation) {
    let depth = keys.length - 1;
    // Walk up through the objects the install created while they are empty.
    while (depth > creation.depth) {
      const parentKeys = keys.slice(0, depth - 1);
      const parent = nodeAt(parseObject(result), parentKeys);
      const node = parent && findProperty(parent, keys[depth - 1]!);
      const value = node?.children?.[1];
      if (!parent || !node || value?.type !== 'object' || (value.children ?? []).length > 0) break;
      result = removeProperty(result, parent, node);
      depth--;
    }
    if (depth === creation.depth) {
      const addedTo = nodeAt(parseObject(result), keys.slice(0, creation.depth));
      if (addedTo?.type === 'object' && (addedTo.children ?? []).length === 0) {
        const blank = isBareObject(result) ? blankRestore(creation) : undefined;
        if (blank !== undefined) return { change: 'removed', text: blank, previous };
        if (creation.emptyInner !== undefined && /^\s*$/.test(innerText(result, addedTo)))
          result = replaceInner(result, addedTo, creation.emptyInner);
      }
    }
  }
  return { change: 'removed', text: result, previous };
}

function nest(keys: readonly string[], value: unknown): unknown {
  return keys.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value);
}

/** `{}` with nothing else: no comments, no keys. */
function isBareObject(text: string): boolean {
  return text.replace(/\s+/g, '') === '{}';
}

function notAnObject(text: string, node: Node, keys: readonly string[]) {
  return problemAt(text, node.offset, `"${keys.join('.')}" is not an object`);
}
