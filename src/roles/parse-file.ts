import path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair } from 'yaml';
import { keyNodeAt, lineOf, nodeAt, pathLabel } from './yaml-lines.js';
import type { z } from 'zod';
import { definitionFromDescription, DEFAULT_OUTPUT_FORMAT, describeFromDefinition } from './derive.js';
import { isValidRoleName, ROLE_NAME_RULE, toRoleName } from './names.js';
import { describeValue, ROLE_ENTRY_KEYS, roleEntrySchema, SINGLE_ROLE_KEYS, singleRoleFileSchema } from './schemas.js';
import type { Role, RoleProblem, RoleSource } from './types.js';

/**
 * `roles-map`: one top-level key per role. `single-role`: one role described by `name:`, `description:` ...
 * `null`: the file holds no roles (only comments) or could not be read.
 */
export type RoleFileFormat = 'roles-map' | 'single-role';

export interface ParsedRoleFile {
  file: string;
  source: RoleSource;
  format: RoleFileFormat | null;
  /** The roles that passed validation; a bad role does not take the good ones of its file with it. */
  roles: Role[];
  problems: RoleProblem[];
}

/** Reads the roles of one YAML file's text. Never throws: everything wrong ends up in `problems`. */
export function parseRoleFile(text: string, file: string, source: RoleSource): ParsedRoleFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, merge: true });
  const reader = new FileReader(doc, lines, file, source);
  if (doc.errors.length > 0) {
    // A file that does not parse is unreliable as a whole: report it and use none of it.
    for (const error of doc.errors) reader.problem(error.message, lines.linePos(error.pos[0]).line);
    return reader.result(null);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    reader.problem((error as Error).message, 1);
    return reader.result(null);
  }
  const contents = doc.contents;
  if (contents === null) {
    // Comments only (such as the file `roles init` writes) is a file in progress; nothing at all is a mistake.
    if (text.trim() === '') reader.problem('the file is empty; it holds no roles', 1);
    return reader.result(null);
  }
  if (!isMap(contents) || data === null || typeof data !== 'object' || Array.isArray(data)) {
    reader.problem(`expected role names mapped to roles, or one role with "name:", got ${describeValue(data)}`, reader.lineOf(contents));
    return reader.result(null);
  }
  const nameValue = contents.get('name', true);
  if (nameValue !== undefined && !isMap(nameValue) && !isSeq(nameValue)) {
    reader.readSingleRole(data as Record<string, unknown>);
    return reader.result('single-role');
  }
  if (contents.items.length === 0) reader.problem('the file holds no roles', reader.lineOf(contents));
  for (const pair of contents.items) reader.readEntry(pair, data as Record<string, unknown>);
  return reader.result('roles-map');
}

/** Collects roles and problems for one file, turning YAML nodes into line numbers. */
class FileReader {
  private readonly roles: Role[] = [];
  private readonly problems: RoleProblem[] = [];

  constructor(
    private readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
    private readonly file: string,
    private readonly source: RoleSource,
  ) {}

  result(format: RoleFileFormat | null): ParsedRoleFile {
    return { file: this.file, source: this.source, format, roles: this.roles, problems: this.problems };
  }

  problem(message: string, line: number | undefined, role?: string): void {
    this.problems.push({
      file: this.file,
      ...(line !== undefined && { line }),
      ...(role !== undefined && { role }),
      message,
      source: this.source,
    });
  }

  lineOf(node: Node | null | undefined): number | undefined {
    return lineOf(this.lines, node);
  }

  /** One `name: {role_definition, expertise, approach, output_format}` entry of a roles-map file. */
  readEntry(pair: Pair, data: Record<string, unknown>): void {
    const keyNode = pair.key as Node | null;
    const keyLine = this.lineOf(keyNode) ?? this.lineOf(pair.value as Node | null);
    if (!isScalar(keyNode) || (typeof keyNode.value !== 'string' && typeof keyNode.value !== 'number')) {
      this.problem('a role name must be plain text', keyLine);
      return;
    }
    const name = String(keyNode.value);
    const valid = this.checkName(name, keyLine);
    const parsed = roleEntrySchema.safeParse(data[name]);
    if (!parsed.success) {
      this.reportIssues(parsed.error.issues, pair.value as Node | null, keyLine, name, ROLE_ENTRY_KEYS, name);
      return;
    }
    if (!valid) return;
    const entry = parsed.data;
    this.roles.push({
      name,
      description: entry.description ?? describeFromDefinition(entry.role_definition),
      roleDefinition: entry.role_definition,
      expertise: entry.expertise,
      approach: entry.approach,
      outputFormat: entry.output_format,
      ...this.origin(keyLine),
    });
  }

  /** A file describing one role with `name:`, `description:`, `expertise:` and `prompts:`. */
  readSingleRole(data: Record<string, unknown>): void {
    const contents = this.doc.contents as Node;
    const fileLine = this.lineOf(contents);
    const rawName = typeof data.name === 'string' ? data.name.trim() : undefined;
    const name = rawName === undefined ? undefined : this.singleRoleName(rawName, this.lineOf(nodeAt(contents, ['name'])));
    const parsed = singleRoleFileSchema.safeParse(data);
    const hasPrompts = data.prompts !== undefined;
    const hasApproach = data.approach !== undefined;
    if (!hasPrompts && !hasApproach) this.problem('prompts is missing (the steps the specialist follows)', fileLine, name);
    if (hasPrompts && hasApproach) {
      this.problem('give either prompts or approach, not both: they are the same list', this.lineOf(nodeAt(contents, ['approach'])), name);
    }
    if (!parsed.success) {
      this.reportIssues(parsed.error.issues, contents, fileLine, '', SINGLE_ROLE_KEYS, name);
      return;
    }
    if (name === undefined || !hasPrompts === !hasApproach) return;
    const role = parsed.data;
    const displayName = role.name;
    this.roles.push({
      name,
      ...(displayName !== name && { displayName }),
      description: role.description,
      roleDefinition: role.role_definition ?? definitionFromDescription(displayName, role.description),
      expertise: role.expertise,
      approach: role.prompts ?? role.approach ?? [],
      outputFormat: role.output_format ?? DEFAULT_OUTPUT_FORMAT,
      ...this.origin(fileLine),
    });
  }

  /**
   * "Security Auditor" becomes `security_auditor`: the name is what people see and say, while file names such
   * as custom_specialist.yaml are often generic. The file name is the fallback when the name has no usable letters.
   */
  private singleRoleName(rawName: string, line: number | undefined): string | undefined {
    if (isValidRoleName(rawName)) return rawName;
    const derived = toRoleName(rawName) ?? toRoleName(path.basename(this.file).replace(/\.ya?ml$/i, ''));
    if (derived === undefined) this.problem(`cannot make a role name from name "${rawName}": ${ROLE_NAME_RULE}`, line);
    return derived;
  }

  private checkName(name: string, line: number | undefined): boolean {
    if (isValidRoleName(name)) return true;
    const suggestion = toRoleName(name);
    const hint = suggestion && suggestion !== name ? `; rename it to "${suggestion}"` : '';
    this.problem(`"${name}" is not a valid role name: ${ROLE_NAME_RULE}${hint}`, line, name);
    return false;
  }

  private origin(line: number | undefined): Pick<Role, 'source' | 'file' | 'line'> {
    return { source: this.source, file: this.file, ...(line !== undefined && { line }) };
  }

  /** One problem per zod issue, at the line of the value it is about (or of its role when the value is missing). */
  private reportIssues(
    issues: z.core.$ZodIssue[],
    base: Node | null,
    fallbackLine: number | undefined,
    prefix: string,
    knownKeys: readonly string[],
    role: string | undefined,
  ): void {
    for (const issue of issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          const line = this.lineOf(keyNodeAt(base, [...issue.path, key])) ?? fallbackLine;
          this.problem(`${pathLabel(prefix, [...issue.path, key])}: unknown key; expected one of ${knownKeys.join(', ')}`, line, role);
        }
        continue;
      }
      const node = nodeAt(base, issue.path);
      const line = (node !== base ? this.lineOf(node) : undefined) ?? fallbackLine;
      const where = pathLabel(prefix, issue.path);
      this.problem(where ? `${where}: ${issue.message}` : issue.message, line, role);
    }
  }
}
