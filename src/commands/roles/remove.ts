import path from 'node:path';
import { OrchestratorError } from '../../errors.js';
import { BUILT_IN_ROLES, loadRoles, readRoleLayers, type Role } from '../../roles/index.js';
import { definingFiles, removeRole, type RemovedRole } from '../../roles/role-writes.js';
import type { RoleScope, RolesContext } from './context.js';

export interface RemoveRoleResult {
  name: string;
  scope: RoleScope;
  removedFrom: RemovedRole[];
  /** The definition that applies now (a lower layer's), or null when the role is gone. */
  now: Role | null;
}

/**
 * Removes a custom role from the folder whose definition is in use (or the one named by scope), from every file
 * there that defines it, valid or not. Built-in roles cannot be removed, only overridden.
 */
export async function runRolesRemove(
  input: { name: string; scope?: RoleScope | undefined },
  ctx: Pick<RolesContext, 'load' | 'folders'>,
): Promise<RemoveRoleResult> {
  const { name } = input;
  const layers = await readRoleLayers(ctx.load);
  const definedIn = (scope: RoleScope) =>
    definingFiles(
      layers.files.filter((file) => path.dirname(file.file) === ctx.folders[scope].dir),
      name,
    );
  const scope = input.scope ?? (['project', 'user'] as const).find((candidate) => definedIn(candidate).length > 0);
  if (scope === undefined || definedIn(scope).length === 0)
    throw notCustom(
      name,
      input.scope,
      (['project', 'user'] as const).filter((s) => definedIn(s).length > 0),
    );

  const removedFrom = await removeRole({ folder: ctx.folders[scope], name });
  if (removedFrom.length === 0) throw notCustom(name, scope, []);
  const now = (await loadRoles(ctx.load)).get(name) ?? null;
  return { name, scope, removedFrom, now };
}

function notCustom(name: string, scope: RoleScope | undefined, elsewhere: RoleScope[]): OrchestratorError {
  if (elsewhere.length > 0) {
    return new OrchestratorError(`There is no ${scope} role "${name}"; it is a ${elsewhere.join(' and ')} role.`, {
      code: 'NOT_FOUND',
      hint: `Run \`orchestrator roles remove ${name} --scope ${elsewhere[0]}\` to remove that one.`,
    });
  }
  if (BUILT_IN_ROLES.some((role) => role.name === name)) {
    return new OrchestratorError(`"${name}" is a built-in role${scope ? ` with no ${scope} override` : ''}; built-in roles cannot be removed.`, {
      code: 'FORBIDDEN',
      hint: `To change what it says, override it: \`orchestrator roles add ${name} --output-format "..."\` writes a project role of the same name.`,
    });
  }
  return new OrchestratorError(`No custom role named "${name}"${scope ? ` in the ${scope} roles` : ''}.`, {
    code: 'NOT_FOUND',
    hint: 'Run `orchestrator roles list` to see the roles and where each comes from.',
  });
}
