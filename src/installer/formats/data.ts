// The parsed documents of TOML and YAML files, as plain data: what their edits are checked against.

/** An object of keys (a TOML table, a YAML mapping), not a list or a date. */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** The value at a path of keys, or undefined when a step is missing or not a mapping. */
export function valueAt(document: unknown, keys: readonly string[]): unknown {
  let value: unknown = document;
  for (const key of keys) {
    if (!isMapping(value)) return undefined;
    value = value[key];
  }
  return value;
}

/** A deep copy as JSON would give it: parsers' own object kinds and dates become plain data, comparable as such. */
export function plain(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}
