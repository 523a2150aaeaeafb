/**
 * Invalid and hostile tool arguments generated from a tool's listed input schema (the JSON Schema of tools/list),
 * so a new tool or field is covered without touching the tests. Each case changes one thing in an otherwise
 * minimal valid call, so the failure it provokes is the one the case is about.
 */

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  maxItems?: number;
}

export interface BadCall {
  /** What the case does, e.g. "title: 2 MiB string". */
  label: string;
  /** The `arguments` sent; undefined sends none. */
  args: unknown;
}

export const HUGE = 2 * 1024 * 1024;

/**
 * Values that try to leave the data directory when used as an id or a path. `marker` is a name unique to the
 * test run, so a file it creates anywhere can be searched for.
 */
export function traversalPayloads(marker: string): string[] {
  return [
    `../../../${marker}`,
    `../${marker}`,
    '..',
    '.',
    `/tmp/${marker}`,
    `..%2f..%2f${marker}`,
    `%2e%2e%2f%2e%2e%2f${marker}`,
    `..\\..\\${marker}`,
    `C:\\${marker}`,
    `${marker}\u0000.md`,
    `\u0000`,
    `file:///tmp/${marker}`,
    `....//....//${marker}`,
    `${marker}/../../..`,
  ];
}

/** A minimal valid value: the required fields only, the smallest allowed sizes, the first enum value. */
export function minimalValue(schema: JsonSchema): unknown {
  if (schema.anyOf?.length) return minimalValue(schema.anyOf[0]!);
  if (schema.enum?.length) return schema.enum[0];
  switch (primaryType(schema)) {
    case 'string':
      if (schema.format === 'date-time') return '2026-01-01T00:00:00Z';
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
    case 'integer':
    case 'number':
      return schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 1);
    case 'boolean':
      return false;
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => minimalValue(schema.items ?? {}));
    case 'null':
      return null;
    default: {
      const value: Record<string, unknown> = {};
      for (const key of schema.required ?? []) value[key] = minimalValue(schema.properties?.[key] ?? {});
      return value;
    }
  }
}

function primaryType(schema: JsonSchema): string | undefined {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  return type ?? (schema.properties ? 'object' : undefined);
}

function types(schema: JsonSchema): Set<string> {
  const options = schema.anyOf ?? [schema];
  const found = new Set<string>();
  for (const option of options) {
    for (const type of Array.isArray(option.type) ? option.type : [option.type]) if (type) found.add(type);
  }
  // Integers are numbers to JSON; a schema without a type accepts anything.
  if (found.has('integer')) found.add('number');
  return found;
}

/** Values of every JSON type, to send where another type is expected. */
const WRONG_TYPES: Array<[string, unknown]> = [
  ['string', 'not-the-right-type'],
  ['number', 42],
  ['number', -1.5],
  ['boolean', true],
  ['null', null],
  ['array', ['x']],
  ['object', { nested: 'x' }],
];

function deepArray(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

function deepObject(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = { deeper: value };
  return value;
}

interface CaseOptions {
  payloads: string[];
  huge: string;
  depth: number;
}

/** Values for one field, given its schema. */
function fieldCases(schema: JsonSchema, { payloads, huge, depth }: CaseOptions): Array<[string, unknown]> {
  const accepted = types(schema);
  const cases: Array<[string, unknown]> = [];
  for (const [type, value] of WRONG_TYPES) if (accepted.size > 0 && !accepted.has(type)) cases.push([`wrong type (${type})`, value]);
  if (accepted.has('string') || accepted.size === 0) {
    cases.push(['empty string', ''], ['2 MiB string', huge], ['lone surrogate', '\ud800x'], ['control characters', 'a\u0000\u0007\u001b[31mb']);
    for (const payload of payloads) cases.push([`path ${JSON.stringify(payload)}`, payload]);
    cases.push(['unknown id', 'no-such-task-anywhere']);
    const stringSchema = (schema.anyOf ?? [schema]).find((option) => option.type === 'string');
    if (stringSchema?.maxLength !== undefined && stringSchema.maxLength <= HUGE) {
      cases.push([`exactly maxLength (${stringSchema.maxLength})`, 'y'.repeat(stringSchema.maxLength)]);
      cases.push([`maxLength + 1`, 'y'.repeat(stringSchema.maxLength + 1)]);
    }
  }
  if (accepted.has('number')) {
    cases.push(['zero', 0], ['negative', -1], ['fraction', 0.5], ['huge number', 1e308], ['beyond safe integers', 2 ** 53 + 2]);
  }
  if (accepted.has('array')) {
    cases.push(
      ['array of wrong items', [42, null, { a: 1 }, ['x']]],
      ['array of 50,000 items', Array.from({ length: 50_000 }, (_, i) => `x${i}`)],
      ['array of 100,001 items', Array.from({ length: 100_001 }, () => 0)],
      [`array nested ${depth.toLocaleString('en')} deep`, deepArray(depth)],
      ['array of 2 MiB strings', [huge, huge]],
      ['array of paths', payloads],
    );
  }
  if (accepted.has('object') || accepted.size === 0) {
    cases.push(
      [`object nested ${depth.toLocaleString('en')} deep`, deepObject(depth)],
      ['object with a 2 MiB value', { big: huge }],
      ['object with 20,000 keys', Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, i]))],
      ['object with prototype keys', JSON.parse('{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}}')],
    );
  }
  return cases;
}

/**
 * Every invalid or hostile call for a tool with this input schema. `depth` is how deeply the nested cases nest:
 * a client that serialises with JSON.stringify cannot send much more than a few thousand levels.
 */
export function invalidCalls(schema: JsonSchema, options: { marker: string; depth?: number }): BadCall[] {
  const payloads = traversalPayloads(options.marker);
  const huge = 'z'.repeat(HUGE);
  const cases: CaseOptions = { payloads, huge, depth: options.depth ?? 10_000 };
  const base = minimalValue({ ...schema, type: 'object' }) as Record<string, unknown>;
  const calls: BadCall[] = [
    { label: 'no arguments', args: undefined },
    { label: 'empty object', args: {} },
    { label: 'arguments that are an array', args: ['x'] },
    { label: 'arguments that are a string', args: 'x' },
    { label: 'arguments that are null', args: null },
    { label: 'minimal valid arguments', args: base },
    { label: 'an extra field', args: { ...base, unexpected_field: 'x' } },
    { label: 'an extra 2 MiB field', args: { ...base, unexpected_field: huge } },
    { label: 'prototype keys', args: { ...base, ...JSON.parse('{"__proto__": {"polluted": "yes"}, "constructor": {"polluted": "yes"}}') } },
  ];
  for (const key of schema.required ?? []) {
    const { [key]: _missing, ...rest } = base;
    calls.push({ label: `missing required ${key}`, args: rest });
  }
  for (const [key, fieldSchema] of Object.entries(schema.properties ?? {})) {
    for (const [label, value] of fieldCases(fieldSchema, cases)) calls.push({ label: `${key}: ${label}`, args: { ...base, [key]: value } });
    if (fieldSchema.items) {
      for (const [label, value] of fieldCases(fieldSchema.items, cases).slice(0, 12)) {
        calls.push({ label: `${key}[0]: ${label}`, args: { ...base, [key]: [value] } });
      }
    }
  }
  return calls;
}
