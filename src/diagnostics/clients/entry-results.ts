import {
  buildServerSpec,
  commandLine,
  DEFAULT_SERVER_NAME,
  displayPath,
  quoteArg,
  toolNameWarnings,
  type ClientDescriptor,
  type ClientId,
  type ConfigLocation,
  type Scope,
  type ServerSpec,
  type SpecChoices,
  type VerifyResult,
} from '../../installer/index.js';
import type { CheckResult, Machine } from '../types.js';
import { checkCommand } from './command.js';
import { handshakeSummary } from './handshake.js';
import type { LocationSurvey, OurEntry } from './survey.js';
import { TOOL_LIMITS, toolBudget } from './tool-limits.js';

/** What `--fix` does for a result: install again into this one file, as the entry was installed. */
export interface Repair {
  client: ClientId;
  scope: Scope;
  file: string;
  name: string;
  launcher: SpecChoices['launcher'];
  dataDir: string | null;
}

export interface EntryCheck {
  client: ClientDescriptor;
  at: LocationSurvey;
  machine: Machine;
  /** Starts a command and completes the handshake; one start per distinct command in a run. */
  handshake(spec: ServerSpec): Promise<VerifyResult>;
  progress?: ((step: string) => void) | undefined;
}

/** `cursor.user`, `windsurf.user.windsurf-next`: unique per config file, stable across runs. */
export function locationKey(location: ConfigLocation): string {
  const variant = location.variant ? `.${slug(location.variant)}` : '';
  return `${location.client}.${location.scope}${variant}`;
}

/** "Cursor (user)", "Windsurf Next", "VS Code Insiders (user)": the client as people call it. */
export function locationLabel(client: ClientDescriptor, location: ConfigLocation): string {
  const variant = location.variant?.replace(/\s*\(.*\)$/, '');
  const name = !variant ? client.name : variant.startsWith(client.name.split(' ')[0]!) ? variant : `${client.name} ${variant}`;
  return client.scopes.length > 1 ? `${name} (${location.scope})` : name;
}

export function locationDetails(at: LocationSurvey): Record<string, unknown> {
  const { location } = at;
  return { client: location.client, scope: location.scope, variant: location.variant, file: location.file, section: location.section };
}

/** The install command that writes this entry as it was chosen: launcher, data directory, name, scope. */
export function installCommand(client: string, scope: Scope, name: string, choices?: SpecChoices): string {
  return [
    'orchestrator',
    ...(choices?.dataDir ? ['--data-dir', quoteArg(choices.dataDir)] : []),
    'install',
    '--client',
    client,
    ...(scope === 'user' ? [] : ['--scope', scope]),
    ...(name === DEFAULT_SERVER_NAME ? [] : ['--name', name]),
    ...(choices?.launcher === 'npx' ? ['--launcher', 'npx'] : []),
  ].join(' ');
}

/** One of our entries: is it current, can its command start, does it answer, do its tools fit the client. */
export async function entryResults(check: EntryCheck, ours: OurEntry): Promise<CheckResult[]> {
  const { client, at, machine } = check;
  const named = ours.name === DEFAULT_SERVER_NAME ? '' : `.${ours.name}`;
  const id = `clients.${locationKey(at.location)}${named}`;
  const title = `${locationLabel(client, at.location)}${named ? ` ${ours.name}` : ''}`;
  const details = { ...locationDetails(at), name: ours.name, entry: ours.entry };
  const where = `${displayPath(machine.env, at.location.file)} "${ours.name}"`;
  const repair = repairOf(at, ours);
  const reinstall = installCommand(client.id, at.location.scope, ours.name, ours.choices);
  const repairFix = repair && `\`orchestrator doctor --fix\` rewrites this entry alone (after a backup), as \`${reinstall}\` would.`;
  const wanted = ours.choices && buildServerSpec(ours.choices, machine.spec);
  const install = installCommand(client.id, at.location.scope, ours.name);
  const results: CheckResult[] = [stateResult({ id, title, where, details, ours, wanted, repair, repairFix, install })];
  // Gemini CLI, Codex and Claude Code build tool names from the server's name and reject long ones.
  for (const warning of toolNameWarnings(client, ours.name)) {
    results.push({ id: `${id}.names`, title: `${title} tool names`, status: 'warn', message: warning, details: { name: ours.name } });
  }
  if (!ours.spec) return results;

  const command = checkCommand(ours.spec, client, machine, repairFix);
  results.push({
    id: `${id}.command`,
    title: `${title} command`,
    status: command.status,
    message: command.message,
    ...(command.fix && { fix: command.fix }),
    details: { command: ours.spec.command, resolved: command.resolved ?? null },
  });
  if (!command.startable) return results;

  check.progress?.(`${title} handshake`);
  const answer = await check.handshake(ours.spec);
  results.push(handshakeResult(`${id}.handshake`, `${title} handshake`, ours.spec, answer, repairFix));
  const limit = TOOL_LIMITS[client.id];
  if (answer.ok && answer.tools !== null && limit) {
    const budget = toolBudget(answer.tools, limit, ours.name, at.others);
    results.push({
      id: `${id}.tools`,
      title: `${title} tools`,
      ...budget,
      details: { tools: answer.tools, limit: limit.limit, otherServers: at.others, countsOnly: ours.name },
    });
  }
  return results;
}

interface StateFacts {
  id: string;
  title: string;
  where: string;
  details: Record<string, unknown>;
  ours: OurEntry;
  /** What install would write now, for an entry install wrote. */
  wanted: ServerSpec | undefined;
  repair: Repair | undefined;
  repairFix: string | undefined;
  /** The install command that replaces a foreign entry. */
  install: string;
}

function stateResult({ id, title, where, details, ours, wanted, repair, repairFix, install }: StateFacts): CheckResult {
  if (ours.current) return { id, title, status: 'ok', message: `${where} is current`, details: { ...details, state: 'current' } };
  const written = ours.spec ? `\`${commandLine(ours.spec)}\`` : 'no command (not a local server)';
  if (!repair) {
    return {
      id,
      title,
      status: 'warn',
      message: `${where} starts ${written}, which orchestrator's install did not write`,
      fix: `\`${install}\` replaces it; \`doctor --fix\` leaves an entry it did not write alone.`,
      details: { ...details, state: 'foreign' },
    };
  }
  const now = wanted && commandLine(wanted);
  const why =
    now && ours.spec && now !== commandLine(ours.spec)
      ? `it starts ${written}; install would now write \`${now}\``
      : 'it is written in a shape install no longer writes';
  return {
    id,
    title,
    status: 'warn',
    message: `${where} is stale: ${why}`,
    ...(repairFix && { fix: repairFix }),
    details: { ...details, state: 'stale', repair },
  };
}

function handshakeResult(id: string, title: string, spec: ServerSpec, answer: VerifyResult, repairFix: string | undefined): CheckResult {
  const details = { command: spec.command, args: spec.args, ...answer };
  if (answer.ok) return { id, title, status: 'ok', message: handshakeSummary(answer), details };
  return { id, title, status: 'fail', message: answer.message, fix: repairFix ? `${answer.fix} ${repairFix}` : answer.fix, details };
}

/** A stale entry that install wrote (its launcher and data directory can be read back) can be written again. */
function repairOf(at: LocationSurvey, ours: OurEntry): Repair | undefined {
  if (ours.current || !ours.choices) return undefined;
  const { location } = at;
  return {
    client: location.client,
    scope: location.scope,
    file: location.file,
    name: ours.name,
    launcher: ours.choices.launcher,
    dataDir: ours.choices.dataDir ?? null,
  };
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
