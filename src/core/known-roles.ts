import { OrchestratorError } from '../errors.js';

/** The roles a store's tasks may name: the role catalog, seen from the core (which does not load role files). */
export interface KnownRoles {
  get(name: string): unknown;
  names(): readonly string[];
}

/** Loads the roles when a change names one; given by whoever opens the service (see openTaskService). */
export type RolesSource = () => Promise<KnownRoles>;

/**
 * Refuses a role no one defined, for every face alike: a task under an unknown role would be worked as a
 * fallback role without anyone having chosen that. `where` says which task, for a batch ("for subtask "A"").
 */
export function checkRole(name: string | null | undefined, known: KnownRoles, rolesDir: string, where = ''): void {
  if (name === null || name === undefined || known.get(name)) return;
  throw new OrchestratorError(`Unknown role "${name}"${where}.`, {
    code: 'INVALID_INPUT',
    hint: `Use one of the known roles: ${known.names().join(', ')}. A project role can be added with \`orchestrator roles add\` (in ${rolesDir}).`,
    details: { role: name, known: [...known.names()] },
  });
}
