import { findCreation, type RunManifest } from './backups.js';
import { getClient, installLocations, type ClientDescriptor, type ClientId, type ConfigLocation, type Scope } from './clients/index.js';
import { DEFAULT_SERVER_NAME, LONGEST_TOOL_NAME } from './constants.js';
import type { ServerSpec } from './entry.js';
import type { InstallerEnv } from './env.js';
import { readText, withoutBom } from './files.js';
import { formatOf } from './formats/index.js';
import { desiredEntry, isSameEntry } from './shapes.js';
import { noteItem, type Plan, type PlanItem } from './plan.js';
import { claudeAdd, claudeCommand, claudeRemove, PlannedFiles, planEdit, scopeSupported } from './planning.js';

export interface InstallRequest {
  clients: readonly ClientId[];
  scope: Scope;
  name: string;
  server: ServerSpec;
}

/**
 * What installing would change, client by client: for each file, the text before and after; for Claude Code
 * with its CLI on PATH, the `claude mcp` commands. `runs` are the backup manifests, which remember what an
 * earlier install created.
 */
export function planInstall(request: InstallRequest, env: InstallerEnv, runs: readonly RunManifest[]): Plan {
  const files = new PlannedFiles();
  const items = request.clients.flatMap((id): PlanItem[] => {
    const client = getClient(id);
    if (!scopeSupported(client, request.scope)) {
      return [noteItem(id, request.scope, 'skip', `${client.name} has no ${request.scope} config (it has: ${client.scopes.join(', ')}).`)];
    }
    const cli = client.cli?.(env);
    return installLocations(client, env, request.scope).map((location) => {
      const item = cli ? planCliInstall(files, location, cli, env, request) : planFileInstall(files, location, request, runs);
      const warnings = [...legacyDuplicates(client, env, location, request.name), ...toolNameWarnings(client, request.name)];
      return warnings.length > 0 ? { ...item, warnings: [...(item.warnings ?? []), ...warnings] } : item;
    });
  });
  return { action: 'install', name: request.name, server: request.server, items };
}

function planFileInstall(files: PlannedFiles, location: ConfigLocation, request: InstallRequest, runs: readonly RunManifest[]): PlanItem {
  const format = formatOf(location.format);
  return planEdit(files, location, (body) => {
    if (body === null && location.mustExist) return { status: 'skip', reason: location.mustExist };
    const entry = desiredEntry(location.shape, request.server, request.name, format.servers(body, location.section)?.[request.name]);
    const outcome = format.set(body, location.section, request.name, entry, (existing) => isSameEntry(location.shape, existing, entry));
    const redo = { op: 'set', entry } as const;
    if (outcome.change === 'unchanged') return { status: 'unchanged', reason: 'already configured', entryBefore: entry, entryAfter: entry };
    if (outcome.change === 'added') {
      return { status: 'add', after: outcome.text, created: outcome.creation, redo, entryBefore: null, entryAfter: entry };
    }
    // An update keeps what the first install created, so uninstall still removes it.
    const created = findCreation(runs, location.file, location.section, request.name);
    return {
      status: 'update',
      after: outcome.text,
      created,
      redo,
      reason: 'replaces a stale entry',
      entryBefore: outcome.previous,
      entryAfter: entry,
    };
  });
}

/**
 * Clients that prefix our tool names with the server's name for the model (Gemini CLI `mcp_<server>_<tool>`,
 * Codex and Claude Code `mcp__<server>__<tool>`) and reject names past a length: a long --name can push our
 * longest tool past it.
 */
export function toolNameWarnings(client: ClientDescriptor, name: string): string[] {
  if (!client.toolNames) return [];
  const { prefix, limit } = client.toolNames;
  const longest = prefix(name) + LONGEST_TOOL_NAME;
  if (longest.length <= limit) return [];
  const fits = limit - (prefix(name).length - name.length) - LONGEST_TOOL_NAME.length;
  return [
    `${client.name} names tools ${prefix('<server>')}<tool> and accepts at most ${limit} characters: with the name "${name}", ` +
      `${longest} has ${longest.length}. Use --name with at most ${fits} characters (the default "${DEFAULT_SERVER_NAME}" fits).`,
  ];
}

/**
 * VS Code's deprecated `"mcp": {"servers": …}` block in settings.json is never written, but an entry of ours
 * there would start the server twice, so it is pointed out.
 */
function legacyDuplicates(client: ClientDescriptor, env: InstallerEnv, location: ConfigLocation, name: string): string[] {
  return client
    .locations(env, location.scope)
    .filter((candidate) => candidate.readOnly && candidate.folder === location.folder)
    .filter((candidate) => {
      try {
        const text = readText(candidate.file);
        return text !== null && formatOf(candidate.format).servers(withoutBom(text).body, candidate.section)?.[name] !== undefined;
      } catch {
        return false;
      }
    })
    .map(
      (candidate) =>
        `${candidate.file} also has "${name}" in the deprecated "${candidate.section.join('.')}" block; remove it there so the server does not start twice.`,
    );
}

/** Claude Code changes its own files through `claude mcp`; the file is only read, to know what is there. */
function planCliInstall(files: PlannedFiles, location: ConfigLocation, cli: string, env: InstallerEnv, request: InstallRequest): PlanItem {
  const { scope } = location;
  return planEdit(files, location, (body) => {
    const existing = formatOf(location.format).servers(body, location.section)?.[request.name];
    const entry = desiredEntry(location.shape, request.server, request.name, existing);
    const common = { via: 'claude-cli' as const, entryBefore: existing ?? null, entryAfter: entry };
    if (existing !== undefined && isSameEntry(location.shape, existing, entry))
      return { ...common, status: 'unchanged', reason: 'already configured' };
    const add = claudeAdd(cli, env.cwd, request.name, entry, scope);
    const remove = claudeRemove(cli, env.cwd, request.name, scope);
    const confirm = claudeCommand(cli, env.cwd, ['get', request.name]);
    if (existing === undefined) return { ...common, status: 'add', commands: [add], undo: [remove], confirm };
    // `add-json` refuses a name that exists, so a stale entry is removed first.
    const restore = claudeAdd(cli, env.cwd, request.name, existing, scope);
    return { ...common, status: 'update', reason: 'replaces a stale entry', commands: [remove, add], undo: [remove, restore], confirm };
  });
}
