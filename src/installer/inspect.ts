import { isOrchestratorError } from '../errors.js';
import { allLocations, CLIENTS, type ClientDescriptor, type ClientId, type ConfigLocation, type Scope } from './clients/index.js';
import { buildServerSpec, inferChoices, type SpecContext } from './entry.js';
import type { InstallerEnv } from './env.js';
import { readText, withoutBom } from './files.js';
import { ConfigParseError, formatOf } from './formats/index.js';
import { desiredEntry, isSameEntry, specFromEntry, type ShapeId } from './shapes.js';
import type { Problem } from './plan.js';

/**
 * current: what an install from here would write; stale: our entry, but an install would change it (moved
 * package, another Node, a foreign command under our name); absent: the file has no such entry; no-file;
 * invalid: the file cannot be read or parsed.
 */
export type EntryState = 'current' | 'stale' | 'absent' | 'no-file' | 'invalid';

export interface ConfigReport {
  scope: Scope;
  variant: string | null;
  path: string;
  exists: boolean;
  state: EntryState;
  /** VS Code's deprecated settings.json block: listed only when it holds our entry (a duplicate). */
  legacy: boolean;
  problem?: Problem;
  entry?: unknown;
}

export interface ClientReport {
  id: ClientId;
  name: string;
  detected: boolean;
  evidence: string[];
  scopes: Scope[];
  /** The client's own CLI used for changes (Claude Code's `claude`), or null. */
  cli: string | null;
  configs: ConfigReport[];
}

export interface ClientsReport {
  name: string;
  clients: ClientReport[];
}

/** Every known client: detected or not and why, its config files, and the state of our entry in each. */
export function runClients(options: { name: string }, env: InstallerEnv, context: SpecContext): ClientsReport {
  return { name: options.name, clients: CLIENTS.map((client) => reportClient(client, options.name, env, context)) };
}

function reportClient(client: ClientDescriptor, name: string, env: InstallerEnv, context: SpecContext): ClientReport {
  const detection = client.detect(env);
  const configs = allLocations(client, env)
    .map((location) => reportConfig(location, name, context))
    .filter((config) => !config.legacy || config.state === 'current' || config.state === 'stale');
  return { id: client.id, name: client.name, ...detection, scopes: [...client.scopes], cli: client.cli?.(env) ?? null, configs };
}

function reportConfig(location: ConfigLocation, name: string, context: SpecContext): ConfigReport {
  const base = { scope: location.scope, variant: location.variant, path: location.file, legacy: location.readOnly };
  const read = readServers(location);
  if (read.state === 'no-file') return { ...base, exists: false, state: 'no-file' };
  if (read.state === 'invalid') return { ...base, exists: true, state: 'invalid', problem: read.problem };
  const entry = read.servers[name];
  if (entry === undefined) return { ...base, exists: true, state: 'absent' };
  return { ...base, exists: true, state: isCurrent(location.shape, name, entry, context) ? 'current' : 'stale', entry };
}

/** Current when installing again with the same launcher and data directory would write the same entry. */
export function isCurrent(shape: ShapeId, name: string, entry: unknown, context: SpecContext): boolean {
  const spec = specFromEntry(shape, entry);
  const choices = spec && inferChoices(spec);
  if (!choices) return false;
  return isSameEntry(shape, entry, desiredEntry(shape, buildServerSpec(choices, context), name, entry));
}

/** Clients that hold our entry somewhere (what uninstall offers to remove). */
export function clientsWithEntry(report: ClientsReport): ClientReport[] {
  return report.clients.filter((client) =>
    client.configs.some((config) => !config.legacy && (config.state === 'current' || config.state === 'stale')),
  );
}

/** Every server of one config location, by name; `invalid` when the file cannot be read or parsed. */
export type ServersRead = { state: 'no-file' } | { state: 'invalid'; problem: Problem } | { state: 'read'; servers: Record<string, unknown> };

export function readServers(location: ConfigLocation): ServersRead {
  let text: string | null;
  try {
    text = readText(location.file);
  } catch (error) {
    if (!isOrchestratorError(error)) throw error;
    return { state: 'invalid', problem: { file: location.file, message: error.message } };
  }
  if (text === null) return { state: 'no-file' };
  try {
    return { state: 'read', servers: formatOf(location.format).servers(withoutBom(text).body, location.section) ?? {} };
  } catch (error) {
    if (!(error instanceof ConfigParseError)) throw error;
    return { state: 'invalid', problem: { file: location.file, ...error.problem } };
  }
}
