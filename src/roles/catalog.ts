import { BUILT_IN_ROLES } from './built-in.js';
import type { Role, RoleCatalog, RoleProblem } from './types.js';

/** A catalog over the given roles; a later role with the same name replaces an earlier one. */
export function createCatalog(layers: ReadonlyArray<readonly Role[]>, problems: RoleProblem[] = []): RoleCatalog {
  const byName = new Map<string, Role>();
  for (const layer of layers) for (const role of layer) byName.set(role.name, role);
  const sorted = [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  return {
    list: () => [...sorted],
    get: (name) => byName.get(name),
    names: () => sorted.map((role) => role.name),
    problems,
  };
}

export function builtInRoles(): Role[] {
  return BUILT_IN_ROLES.map((role) => ({ ...role, expertise: [...role.expertise], approach: [...role.approach], source: 'built-in' }));
}

export interface LoadRolesOptions {
  /** The data directory: project roles live in `<dataDir>/roles/*.yaml`. */
  dataDir: string;
  /** ORCHESTRATOR_HOME: user roles live in `<home>/roles/*.yaml`. */
  home: string;
}

/** The roles available for a data directory: built-in, then user, then project (later layers win per role). */
export async function loadRoles(_options: LoadRolesOptions): Promise<RoleCatalog> {
  return createCatalog([builtInRoles()]);
}
