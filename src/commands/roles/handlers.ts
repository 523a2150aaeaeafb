import type { Command } from 'commander';
import { OrchestratorError } from '../../errors.js';
import { loadRoles } from '../../roles/index.js';
import { writeExampleFile } from '../../roles/role-writes.js';
import { runRolesAdd } from './add.js';
import { rolesContext, type RoleScope } from './context.js';
import { problemLine } from '../../ui/paths.js';
import { printAdded, printRemoved, printRole, printRoleList, roleJson } from './present.js';
import { problemJson, reportExample, reportValidation } from '../yaml-catalog.js';
import { runRolesRemove } from './remove.js';
import { runRolesValidate } from './validate.js';

// Each handler turns commander's options into one call and prints the result as text or as the JSON shape
// documented in docs/roles.md.

export async function list(_options: unknown, command: Command): Promise<void> {
  const ctx = rolesContext(command);
  const catalog = await loadRoles(ctx.load);
  if (ctx.json) {
    ctx.out.json({
      roles: catalog.list().map(roleJson),
      problems: catalog.problems.map((problem) => problemJson('role', problem)),
      folders: { project: ctx.folders.project.dir, user: ctx.folders.user.dir },
    });
  } else {
    printRoleList(ctx.out, catalog.list(), catalog.problems, ctx.cwd);
  }
}

export async function show(name: string, _options: unknown, command: Command): Promise<void> {
  const ctx = rolesContext(command);
  const catalog = await loadRoles(ctx.load);
  const role = catalog.get(name);
  if (!role) {
    const broken = catalog.problems.filter((problem) => problem.role === name);
    if (broken.length > 0) {
      throw new OrchestratorError(`Role "${name}" is defined but not valid, so it is not in use.`, {
        code: 'INVALID_INPUT',
        hint: broken.map((problem) => problemLine(problem, ctx.cwd)).join('\n  '),
        details: { problems: broken.map((problem) => problemJson('role', problem)) },
      });
    }
    throw new OrchestratorError(`No role named "${name}".`, { code: 'NOT_FOUND', hint: `Known roles: ${catalog.names().join(', ')}.` });
  }
  if (ctx.json) ctx.out.json({ role: roleJson(role) });
  else printRole(ctx.out, role, ctx.cwd);
}

interface AddOptions {
  definition?: string;
  expertise?: string[];
  approach?: string[];
  outputFormat?: string;
  description?: string;
  scope: RoleScope;
}

export async function add(name: string, options: AddOptions, command: Command): Promise<void> {
  const ctx = rolesContext(command);
  const result = await runRolesAdd({ name, ...options }, ctx);
  if (ctx.json) {
    ctx.out.json({
      role: roleJson(result.role),
      action: result.action,
      scope: result.scope,
      file: result.file,
      fileCreated: result.fileCreated,
      shadowedBy: result.shadowedBy ? roleJson(result.shadowedBy) : null,
    });
  } else {
    printAdded(ctx.out, result, ctx.cwd);
  }
}

export async function remove(name: string, options: { scope?: RoleScope }, command: Command): Promise<void> {
  const ctx = rolesContext(command);
  const result = await runRolesRemove({ name, scope: options.scope }, ctx);
  if (ctx.json)
    ctx.out.json({ name: result.name, scope: result.scope, removedFrom: result.removedFrom, now: result.now ? roleJson(result.now) : null });
  else printRemoved(ctx.out, result, ctx.cwd);
}

export async function validate(files: string[], _options: unknown, command: Command): Promise<void> {
  const ctx = rolesContext(command);
  reportValidation(ctx, 'role', await runRolesValidate(files, ctx), (file) => file.roles);
}

export async function init(_options: unknown, command: Command): Promise<void> {
  const ctx = rolesContext(command);
  reportExample(ctx, await writeExampleFile(ctx.folders.project.dir), 'both role file formats, commented out. Uncomment a part to try it.');
}
