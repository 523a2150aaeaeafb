import { isMap, isScalar, isSeq, type LineCounter, type Node } from 'yaml';

// Line numbers for problems found in YAML files written by hand (role and template files): the parsed document
// keeps every node's position, and a validation issue's path leads to the node it is about.

export type YamlPath = ReadonlyArray<PropertyKey>;

/** The 1-based line where `node` starts, when it has a position. */
export function lineOf(lines: LineCounter, node: Node | null | undefined): number | undefined {
  return node?.range ? lines.linePos(node.range[0]).line : undefined;
}

/** The deepest node along `path` that exists (the base when the first step is already missing). */
export function nodeAt(base: Node | null, path: YamlPath): Node | null {
  let node = base;
  for (const step of path) {
    let next: unknown;
    if (isMap(node)) next = node.get(step as string, true);
    else if (isSeq(node) && typeof step === 'number') next = node.get(step, true);
    if (next === undefined || next === null) return node;
    node = next as Node;
  }
  return node;
}

/** The key node of the last step of `path` (for problems about a key itself, such as an unknown one). */
export function keyNodeAt(base: Node | null, path: YamlPath): Node | null {
  const parent = nodeAt(base, path.slice(0, -1));
  if (!isMap(parent)) return null;
  const key = path[path.length - 1];
  const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === key);
  return (pair?.key as Node | undefined) ?? null;
}

/** `architect.expertise[2]` for the path `['expertise', 2]` under the prefix `architect`. */
export function pathLabel(prefix: string, path: YamlPath): string {
  let text = prefix;
  for (const step of path) text += typeof step === 'number' ? `[${step}]` : text === '' ? String(step) : `.${String(step)}`;
  return text;
}
