import type { Role, RoleOrigin, RoleProblem } from '../../roles/index.js';
import type { Output } from '../../ui/output.js';
import { displayPath } from '../../ui/paths.js';
import { printProblemsNote, sourceLabel } from '../yaml-catalog.js';
import { renderTable } from '../../ui/table.js';
import { color, symbols } from '../../ui/theme.js';
import type { AddRoleResult } from './add.js';
import type { RemoveRoleResult } from './remove.js';

// Text for people and the --json shapes documented in docs/roles.md. Optional fields are null in JSON, never
// missing, so scripts can rely on every key.

export interface RoleJson {
  name: string;
  displayName: string | null;
  description: string;
  roleDefinition: string;
  expertise: string[];
  approach: string[];
  outputFormat: string;
  source: Role['source'];
  file: string | null;
  line: number | null;
  overrides: Array<{ source: Role['source']; file: string | null; line: number | null }>;
}

export function roleJson(role: Role): RoleJson {
  return {
    name: role.name,
    displayName: role.displayName ?? null,
    description: role.description,
    roleDefinition: role.roleDefinition,
    expertise: [...role.expertise],
    approach: [...role.approach],
    outputFormat: role.outputFormat,
    source: role.source,
    file: role.file ?? null,
    line: role.line ?? null,
    overrides: (role.overrides ?? []).map((origin) => ({ source: origin.source, file: origin.file ?? null, line: origin.line ?? null })),
  };
}

export function location(origin: RoleOrigin | RoleProblem, cwd: string): string {
  return origin.file ? `${displayPath(origin.file, cwd)}${origin.line ? `:${origin.line}` : ''}` : (origin.source ?? '');
}

export function printRoleList(out: Output, roles: readonly Role[], problems: readonly RoleProblem[], cwd: string): void {
  const lines = renderTable(
    roles,
    [
      { header: 'NAME', value: (role) => role.name },
      { header: 'SOURCE', value: sourceLabel, style: (text, role) => (role.source === 'built-in' ? color.dim(text) : color.cyan(text)) },
      { header: 'DESCRIPTION', value: (role) => role.description, max: 72 },
    ],
    { header: color.bold },
  );
  for (const line of lines) out.line(line);
  printProblemsNote(out, 'role', problems, cwd);
}

export function printRole(out: Output, role: Role, cwd: string): void {
  out.line(`${color.bold(role.name)}${role.displayName ? ` (${role.displayName})` : ''}  ${color.dim(sourceLabel(role))}`);
  out.line(role.description);
  out.line();
  if (role.file) out.line(`${color.dim('file:     ')} ${location(role, cwd)}`);
  for (const origin of role.overrides ?? [])
    out.line(`${color.dim('overrides:')} ${origin.source}${origin.file ? ` (${location(origin, cwd)})` : ''}`);
  if (role.file || role.overrides?.length) out.line();
  section(out, 'Role definition', [role.roleDefinition]);
  section(
    out,
    'Expertise',
    role.expertise.map((item) => `- ${item}`),
  );
  section(
    out,
    'Approach',
    role.approach.map((step, index) => `${index + 1}. ${step}`),
  );
  section(out, 'Output format', [role.outputFormat]);
}

function section(out: Output, title: string, lines: string[]): void {
  out.line(color.bold(title));
  for (const line of lines) out.line(`  ${line}`);
  out.line();
}

export function printAdded(out: Output, result: AddRoleResult, cwd: string): void {
  const verb = result.action === 'added' ? 'Added' : 'Updated';
  const where = `${result.action === 'added' ? 'to' : 'in'} ${displayPath(result.file, cwd)}${result.fileCreated ? ' (new file)' : ''}`;
  out.line(`${color.green(symbols.ok)} ${verb} ${result.scope} role ${color.bold(result.role.name)} ${where}`);
  const overridden = [...new Set((result.role.overrides ?? []).map((origin) => origin.source))];
  if (overridden.length > 0 && !result.shadowedBy) out.line(`  It overrides the ${overridden.join(' and ')} role of the same name.`);
  if (result.shadowedBy) {
    out.note(
      color.yellow(
        `${symbols.warn} A ${result.shadowedBy.source} role "${result.role.name}" (${location(result.shadowedBy, cwd)}) overrides it in this project.`,
      ),
    );
  }
}

export function printRemoved(out: Output, result: RemoveRoleResult, cwd: string): void {
  for (const removed of result.removedFrom) {
    const deleted = removed.fileDeleted ? ' (the file held nothing else and was deleted)' : '';
    out.line(`${color.green(symbols.ok)} Removed ${result.scope} role ${color.bold(result.name)} from ${displayPath(removed.file, cwd)}${deleted}`);
  }
  if (result.now)
    out.line(`  The ${sourceLabel(result.now)} role "${result.name}" applies now${result.now.file ? ` (${location(result.now, cwd)})` : ''}.`);
}
