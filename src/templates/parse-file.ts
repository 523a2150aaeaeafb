import { isMap, isScalar, LineCounter, parseDocument, type Node, type Pair } from 'yaml';
import type { z } from 'zod';
import { describeCycle, findCycle } from '../core/graph.js';
import { isValidRoleName, ROLE_NAME_RULE, toRoleName } from '../roles/names.js';
import { describeValue } from '../roles/schemas.js';
import { keyNodeAt, lineOf, nodeAt, pathLabel, type YamlPath } from '../roles/yaml-lines.js';
import { PARAMETER_KEYS, PLACEHOLDER, PLAN_KEYS, SUBTASK_KEYS, TEMPLATE_KEYS, templateEntrySchema, type TemplateEntry } from './schemas.js';
import type { Template, TemplateProblem, TemplateSource } from './types.js';

export interface ParsedTemplateFile {
  file: string;
  source: TemplateSource;
  /** The templates that passed validation; a bad template does not take the good ones of its file with it. */
  templates: Template[];
  problems: TemplateProblem[];
}

/** Reads the templates of one YAML file's text: one top-level key per template. Never throws. */
export function parseTemplateFile(text: string, file: string, source: TemplateSource): ParsedTemplateFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, merge: true });
  const result: ParsedTemplateFile = { file, source, templates: [], problems: [] };
  const problem = (message: string, line: number | undefined, template?: string) =>
    result.problems.push({ file, ...(line !== undefined && { line }), ...(template !== undefined && { template }), message, source });
  if (doc.errors.length > 0) {
    // A file that does not parse is unreliable as a whole: report it and use none of it.
    for (const error of doc.errors) problem(error.message, lines.linePos(error.pos[0]).line);
    return result;
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    problem((error as Error).message, 1);
    return result;
  }
  const contents = doc.contents;
  if (contents === null) {
    // Comments only (such as the file `templates init` writes) is a file in progress; nothing at all is a mistake.
    if (text.trim() === '') problem('the file is empty; it holds no templates', 1);
    return result;
  }
  if (!isMap(contents) || data === null || typeof data !== 'object' || Array.isArray(data)) {
    problem(`expected template names mapped to templates, got ${describeValue(data)}`, lineOf(lines, contents));
    return result;
  }
  if (contents.items.length === 0) problem('the file holds no templates', lineOf(lines, contents));
  for (const pair of contents.items) {
    const entry = readEntry(pair, data as Record<string, unknown>, lines, problem, () => result.problems.length);
    if (entry) result.templates.push({ ...entry, source, file });
  }
  return result;
}

type Report = (message: string, line: number | undefined, template?: string) => void;

function readEntry(
  pair: Pair,
  data: Record<string, unknown>,
  lines: LineCounter,
  problem: Report,
  reported: () => number,
): Omit<Template, 'source' | 'file'> | undefined {
  const keyNode = pair.key as Node | null;
  const base = pair.value as Node | null;
  const keyLine = lineOf(lines, keyNode) ?? lineOf(lines, base);
  if (!isScalar(keyNode) || (typeof keyNode.value !== 'string' && typeof keyNode.value !== 'number')) {
    problem('a template name must be plain text', keyLine);
    return undefined;
  }
  const name = String(keyNode.value);
  const at = (path: YamlPath) => {
    const node = nodeAt(base, path);
    return (node !== base ? lineOf(lines, node) : undefined) ?? keyLine;
  };
  const valid = isValidRoleName(name);
  if (!valid) {
    const suggestion = toRoleName(name);
    const hint = suggestion && suggestion !== name ? `; rename it to "${suggestion}"` : '';
    problem(`"${name}" is not a valid template name: ${ROLE_NAME_RULE.replace('role names', 'template names')}${hint}`, keyLine, name);
  }
  const parsed = templateEntrySchema.safeParse(data[name]);
  if (!parsed.success) reportIssues(parsed.error.issues, name, base, lines, keyLine, problem);
  // The checks across fields run on what is well-formed even when other parts are not, so one run lists every problem.
  const before = reported();
  const loose = looseEntry(data[name]);
  checkSubtasks(loose, name, at, problem);
  checkPlaceholders(loose, name, at, problem);
  if (!valid || !parsed.success || reported() !== before) return undefined;
  return toTemplate(name, parsed.data, at, keyLine);
}

/** The parts of an entry the cross-field checks read, taken only where they have the right type. */
interface LooseEntry {
  parameters: string[];
  plan: { title?: string; description?: string; context?: string; tags: Array<string | undefined> };
  subtasks: Array<{
    key?: string;
    role?: string;
    depends_on: Array<string | undefined>;
    texts: Partial<Record<'title' | 'description' | 'effort' | 'complexity', string>>;
    tags: Array<string | undefined>;
  }>;
}

function looseEntry(raw: unknown): LooseEntry {
  const record = (value: unknown): Record<string, unknown> =>
    value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const text = (value: unknown) => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined);
  const list = (value: unknown) => (Array.isArray(value) ? value.map(text) : []);
  const entry = record(raw);
  const plan = record(entry.plan);
  return {
    parameters: Object.keys(record(entry.parameters)),
    plan: { title: text(plan.title), description: text(plan.description), context: text(plan.context), tags: list(plan.tags) },
    subtasks: (Array.isArray(entry.subtasks) ? entry.subtasks : []).map((item) => {
      const subtask = record(item);
      return {
        key: text(subtask.key),
        role: text(subtask.role),
        depends_on: list(subtask.depends_on),
        texts: {
          title: text(subtask.title),
          description: text(subtask.description),
          effort: text(subtask.effort),
          complexity: text(subtask.complexity),
        },
        tags: list(subtask.tags),
      };
    }),
  };
}

function checkSubtasks(entry: LooseEntry, name: string, at: (path: YamlPath) => number | undefined, problem: Report): void {
  const keys = new Map<string, number>();
  entry.subtasks.forEach((subtask, index) => {
    if (subtask.key === undefined) return;
    if (keys.has(subtask.key))
      problem(
        `${name}.subtasks[${index}].key: "${subtask.key}" is already the key of subtasks[${keys.get(subtask.key)}]`,
        at(['subtasks', index, 'key']),
        name,
      );
    else keys.set(subtask.key, index);
    if (subtask.role !== undefined && !isValidRoleName(subtask.role)) {
      const suggestion = toRoleName(subtask.role);
      const hint = suggestion && suggestion !== subtask.role ? `; did you mean "${suggestion}"?` : '';
      problem(
        `${name}.subtasks[${index}].role: "${subtask.role}" is not a role name: ${ROLE_NAME_RULE}${hint}`,
        at(['subtasks', index, 'role']),
        name,
      );
    }
  });
  entry.subtasks.forEach((subtask, index) => {
    subtask.depends_on.forEach((key, position) => {
      const where = at(['subtasks', index, 'depends_on', position]);
      if (key === undefined) return;
      if (key === subtask.key) problem(`${name}.subtasks[${index}].depends_on: "${key}" is the subtask itself`, where, name);
      else if (!keys.has(key))
        problem(`${name}.subtasks[${index}].depends_on: no subtask has the key "${key}"; keys here: ${[...keys.keys()].join(', ')}`, where, name);
    });
  });
  const dependencies = new Map(
    entry.subtasks.flatMap((subtask) =>
      subtask.key === undefined
        ? []
        : [[subtask.key, subtask.depends_on.filter((key): key is string => key !== undefined && keys.has(key) && key !== subtask.key)] as const],
    ),
  );
  const cycle = findCycle(dependencies.keys(), (key) => dependencies.get(key) ?? []);
  if (cycle)
    problem(`${name}.subtasks: the dependencies form a cycle: ${describeCycle(cycle)}`, at(['subtasks', keys.get(cycle[0]!)!, 'depends_on']), name);
}

/** Every `{{name}}` must name a parameter of the template, or the plan would be created with the braces in it. */
function checkPlaceholders(entry: LooseEntry, name: string, at: (path: YamlPath) => number | undefined, problem: Report): void {
  const known = entry.parameters;
  const check = (text: string | undefined, path: YamlPath) => {
    if (text === undefined) return;
    for (const match of text.matchAll(PLACEHOLDER)) {
      const parameter = match[1]!;
      if (known.includes(parameter)) continue;
      const listed = known.length > 0 ? `parameters here: ${known.join(', ')}` : 'this template has no parameters';
      problem(`${pathLabel(name, path)}: {{${parameter}}} names no parameter (${listed})`, at(path), name);
    }
  };
  check(entry.plan.title, ['plan', 'title']);
  check(entry.plan.description, ['plan', 'description']);
  check(entry.plan.context, ['plan', 'context']);
  entry.plan.tags.forEach((tag, index) => check(tag, ['plan', 'tags', index]));
  entry.subtasks.forEach((subtask, index) => {
    for (const field of ['title', 'description', 'effort', 'complexity'] as const) check(subtask.texts[field], ['subtasks', index, field]);
    subtask.tags.forEach((tag, position) => check(tag, ['subtasks', index, 'tags', position]));
  });
}

function toTemplate(
  name: string,
  entry: TemplateEntry,
  at: (path: YamlPath) => number | undefined,
  line: number | undefined,
): Omit<Template, 'source' | 'file'> {
  return {
    name,
    description: entry.description,
    parameters: Object.entries(entry.parameters ?? {}).map(([parameter, spec]) => ({
      name: parameter,
      description: spec.description,
      ...(spec.default !== undefined && { default: spec.default }),
      ...optionalLine(at(['parameters', parameter])),
    })),
    plan: {
      title: entry.plan.title,
      description: entry.plan.description ?? entry.description,
      context: entry.plan.context ?? null,
      priority: entry.plan.priority ?? null,
      tags: entry.plan.tags ?? [],
    },
    subtasks: entry.subtasks.map((subtask, index) => ({
      key: subtask.key,
      title: subtask.title,
      description: subtask.description ?? '',
      role: subtask.role ?? null,
      priority: subtask.priority ?? null,
      effort: subtask.effort ?? null,
      complexity: subtask.complexity ?? null,
      dependsOn: [...new Set(subtask.depends_on ?? [])],
      tags: subtask.tags ?? [],
      ...optionalLine(at(['subtasks', index])),
      ...(subtask.role !== undefined && { roleLine: at(['subtasks', index, 'role']) }),
    })),
    ...optionalLine(line),
  };
}

function optionalLine(line: number | undefined): { line?: number } {
  return line === undefined ? {} : { line };
}

/** One problem per zod issue, at the line of the value it is about (or of its template when the value is missing). */
function reportIssues(
  issues: z.core.$ZodIssue[],
  name: string,
  base: Node | null,
  lines: LineCounter,
  fallback: number | undefined,
  problem: Report,
): void {
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const line = lineOf(lines, keyNodeAt(base, [...issue.path, key])) ?? fallback;
        problem(`${pathLabel(name, [...issue.path, key])}: unknown key; expected one of ${knownKeys(issue.path).join(', ')}`, line, name);
      }
      continue;
    }
    const node = nodeAt(base, issue.path);
    const line = (node !== base ? lineOf(lines, node) : undefined) ?? fallback;
    problem(`${pathLabel(name, issue.path)}: ${issue.message}`, line, name);
  }
}

function knownKeys(path: YamlPath): readonly string[] {
  if (path.length === 0) return TEMPLATE_KEYS;
  if (path[0] === 'plan') return PLAN_KEYS;
  if (path[0] === 'subtasks') return SUBTASK_KEYS;
  return PARAMETER_KEYS;
}
