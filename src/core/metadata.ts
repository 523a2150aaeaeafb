import { z } from 'zod';

/**
 * Free-form task metadata as an input. It is bounded because it is written into every later rewrite of the store
 * and into every answer that shows the task: JSON nested a few thousand levels deep overflows the stack of
 * JSON.stringify (the change would fail as an internal error, or worse, be stored and break every answer that
 * includes the task), and an unbounded value would make every later change of the store slower.
 */
export const MAX_METADATA_DEPTH = 32;
export const MAX_METADATA_CHARACTERS = 100_000;

/**
 * Metadata keys are plain data, except `__proto__`: most JavaScript code that copies an object would turn that
 * key into the copy's prototype instead of keeping it, so it is refused rather than silently lost.
 */
const recordWithoutProto = z.preprocess(
  (value, context) => {
    if (typeof value === 'object' && value !== null && Object.hasOwn(value, '__proto__')) {
      context.addIssue({ code: 'custom', message: 'the key "__proto__" cannot be used in metadata; choose another name', input: value });
    }
    return value;
  },
  z.record(z.string(), z.unknown()),
);

export const metadataSchema = recordWithoutProto.superRefine((value, context) => {
  if (depthOf(value, MAX_METADATA_DEPTH) > MAX_METADATA_DEPTH) {
    context.addIssue({ code: 'custom', message: `metadata may be nested at most ${MAX_METADATA_DEPTH} levels deep` });
    return;
  }
  if (JSON.stringify(value).length > MAX_METADATA_CHARACTERS) {
    context.addIssue({ code: 'custom', message: `metadata may take at most ${MAX_METADATA_CHARACTERS.toLocaleString('en')} characters as JSON` });
  }
});

/** How deeply objects and arrays nest in `value`, counted without recursion and given up past `limit`. */
export function depthOf(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    deepest = Math.max(deepest, depth);
    if (deepest > limit) return deepest;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return deepest;
}
