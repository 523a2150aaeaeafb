import { findCreation, type RunManifest } from './backups.js';
import { getClient, type ClientDescriptor, type ClientId, type ConfigLocation, type Scope } from './clients/index.js';
import type { InstallerEnv } from './env.js';
import { formatOf } from './formats/index.js';
import { noteItem, type Plan, type PlanItem } from './plan.js';
import { claudeAdd, claudeRemove, PlannedFiles, planEdit } from './planning.js';

export interface UninstallRequest {
  clients: readonly ClientId[];
  /** Only this scope; every scope of each client when undefined. */
  scope?: Scope | undefined;
  name: string;
}

/**
 * Removes our entry wherever it is: every scope and every build of each client. A section or file goes too
 * only when the manifests show that our install created it and nothing else has been put in it since.
 */
export function planUninstall(request: UninstallRequest, env: InstallerEnv, runs: readonly RunManifest[]): Plan {
  const files = new PlannedFiles();
  const items = request.clients.flatMap((id): PlanItem[] => {
    const client = getClient(id);
    const scopes = request.scope ? client.scopes.filter((scope) => scope === request.scope) : client.scopes;
    const cli = client.cli?.(env);
    const found = scopes
      .flatMap((scope) => client.locations(env, scope))
      .filter((location) => !location.readOnly)
      .map((location) => (cli ? planCliRemove(files, location, cli, env, request.name) : planFileRemove(files, location, request.name, runs)))
      .filter((item) => item.status !== 'absent');
    return found.length > 0 ? found : [noteItem(id, request.scope ?? 'user', 'absent', notFound(client, request))];
  });
  return { action: 'uninstall', name: request.name, server: null, items };
}

function planFileRemove(files: PlannedFiles, location: ConfigLocation, name: string, runs: readonly RunManifest[]): PlanItem {
  return planEdit(files, location, (body) => {
    const creation = findCreation(runs, location.file, location.section, name);
    const outcome = formatOf(location.format).remove(body, location.section, name, creation);
    if (outcome.change === 'absent') return { status: 'absent' };
    return { status: 'remove', after: outcome.text, redo: { op: 'delete', creation }, entryBefore: outcome.previous, entryAfter: null };
  });
}

function planCliRemove(files: PlannedFiles, location: ConfigLocation, cli: string, env: InstallerEnv, name: string): PlanItem {
  return planEdit(files, location, (body) => {
    const existing = formatOf(location.format).servers(body, location.section)?.[name];
    if (existing === undefined) return { status: 'absent', via: 'claude-cli' };
    return {
      status: 'remove',
      via: 'claude-cli',
      commands: [claudeRemove(cli, env.cwd, name, location.scope)],
      undo: [claudeAdd(cli, env.cwd, name, existing, location.scope)],
      entryBefore: existing,
      entryAfter: null,
    };
  });
}

function notFound(client: ClientDescriptor, request: UninstallRequest): string {
  const where = request.scope ? `in its ${request.scope} config` : 'in any of its configs';
  return `${client.name} has no "${request.name}" entry ${where}.`;
}
