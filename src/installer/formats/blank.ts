import type { Creation } from './types.js';

// A missing file, or one that holds only white space, is written from scratch by every format; uninstall gives it
// back as it was once nothing of ours is left in it.

/** What an install into a missing (null) or blank file created: the whole file, or everything but its white space. */
export function blankCreation(text: string | null): Creation {
  return { depth: 0, file: text === null, ...(text !== null && { blankText: text }) };
}

/**
 * What a file left with nothing in it goes back to: no file (null) when the install created it, its white space
 * when that was all it held; undefined when it stays as the removal left it.
 */
export function blankRestore(creation: Creation | null): string | null | undefined {
  if (creation?.file) return null;
  return creation?.blankText;
}
