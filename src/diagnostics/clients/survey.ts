import {
  allLocations,
  CLIENTS,
  DEFAULT_SERVER_NAME,
  getClient,
  inferChoices,
  installedBy,
  isCurrent,
  listRuns,
  readServers,
  specFromEntry,
  type ClientDescriptor,
  type ConfigLocation,
  type Detection,
  type RunManifest,
  type ServerSpec,
  type ServersRead,
  type SpecChoices,
} from '../../installer/index.js';
import type { Machine } from '../types.js';

/** An entry that starts our server, or that carries our name whatever it starts. */
export interface OurEntry {
  name: string;
  entry: unknown;
  /** undefined for an entry that is not a command (a URL, say). */
  spec: ServerSpec | undefined;
  /** The launcher and data directory install wrote it with; undefined when install did not write this command. */
  choices: SpecChoices | undefined;
  /** What an install from here would write now. */
  current: boolean;
}

/** An entry that an install still in force put into the file, and that is gone. */
export interface LostEntry {
  name: string;
  runId: string;
  installedAt: string;
  choices: SpecChoices;
}

export interface LocationSurvey {
  location: ConfigLocation;
  read: ServersRead;
  ours: OurEntry[];
  lost: LostEntry[];
  /** How many servers in the file are not ours (they share the client's tool limit). */
  others: number;
}

export interface ClientSurvey {
  client: ClientDescriptor;
  detection: Detection;
  locations: LocationSurvey[];
}

/**
 * Reads every config of every client: the clients named with --client, or else those detected, holding our
 * entry, or that held it once. Reads only; nothing is started.
 */
export function surveyClients(machine: Machine, named: readonly string[]): ClientSurvey[] {
  const runs = listRuns(machine.env);
  const clients = named.length > 0 ? [...new Set(named)].map((id) => getClient(id)) : CLIENTS;
  const surveys = clients.map((client) => ({
    client,
    detection: client.detect(machine.env),
    locations: allLocations(client, machine.env).map((location) => surveyLocation(location, machine, runs)),
  }));
  if (named.length > 0) return surveys;
  return surveys.filter((survey) => survey.detection.detected || survey.locations.some((at) => at.ours.length > 0 || at.lost.length > 0));
}

function surveyLocation(location: ConfigLocation, machine: Machine, runs: readonly RunManifest[]): LocationSurvey {
  const read = readServers(location);
  if (read.state === 'invalid') return { location, read, ours: [], lost: [], others: 0 };
  const servers = read.state === 'read' ? read.servers : {};
  const ours = Object.entries(servers).flatMap(([name, entry]): OurEntry[] => {
    const spec = specFromEntry(location.shape, entry);
    const choices = spec && inferChoices(spec);
    if (name !== DEFAULT_SERVER_NAME && !choices) return [];
    return [{ name, entry, spec, choices, current: isCurrent(location.shape, name, entry, machine.spec) }];
  });
  const lost = location.readOnly ? [] : lostEntries(location, runs, servers);
  return { location, read, ours, lost, others: Object.keys(servers).length - ours.length };
}

/** Names our installs wrote into this file, whose install is still in force, that the file no longer has. */
function lostEntries(location: ConfigLocation, runs: readonly RunManifest[], servers: Record<string, unknown>): LostEntry[] {
  const names = new Set(runs.flatMap((run) => run.entries.filter((entry) => entry.path === location.file).map((entry) => entry.name)));
  return [...names].flatMap((name): LostEntry[] => {
    if (Object.hasOwn(servers, name)) return [];
    const found = installedBy(runs, location.file, location.section, name);
    if (!found) return [];
    const spec = specFromEntry(location.shape, found.entry.entryAfter);
    const choices = (spec && inferChoices(spec)) ?? { launcher: 'node' };
    return [{ name, runId: found.run.id, installedAt: found.run.createdAt, choices }];
  });
}
