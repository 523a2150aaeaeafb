import { DEFAULT_SERVER_NAME, displayPath, type ServerSpec, type VerifyResult } from '../../installer/index.js';
import { entryResults, installCommand, locationDetails, locationKey, locationLabel, type Repair } from '../clients/entry-results.js';
import { handshakeOnce } from '../clients/handshake.js';
import { repairEntries } from '../clients/repair.js';
import { surveyClients, type ClientSurvey, type LocationSurvey, type LostEntry } from '../clients/survey.js';
import type { Check, CheckResult, Machine } from '../types.js';

/**
 * Every detected MCP client (or those named with --client): its configs parse, our entry is there and current,
 * its command starts the way the client starts it and answers the handshake, its tools fit the client's limit,
 * and it is not configured twice. `--fix` installs a stale or lost entry again; see clients/repair.ts.
 */
export const clientsCheck: Check = {
  id: 'clients',
  title: 'Clients',
  async run(context, progress) {
    const surveys = surveyClients(context.machine, context.clients);
    if (surveys.length === 0) {
      return [
        {
          id: 'clients.none',
          title: 'Detected',
          status: 'ok',
          message: 'no MCP client found (`orchestrator clients` shows the folders and programs looked for)',
        },
      ];
    }
    const handshake = handshakeOnce(context.machine);
    const results: CheckResult[] = [];
    for (const survey of surveys) results.push(...(await clientResults(survey, context.machine, handshake, progress)));
    return results;
  },
  fix: { scope: 'repair', apply: repairEntries },
};

async function clientResults(
  survey: ClientSurvey,
  machine: Machine,
  handshake: (spec: ServerSpec) => Promise<VerifyResult>,
  progress: ((step: string) => void) | undefined,
): Promise<CheckResult[]> {
  const { client } = survey;
  const results: CheckResult[] = [];
  const writable = survey.locations.filter((at) => !at.location.readOnly);
  for (const at of writable) {
    if (at.read.state === 'invalid') results.push(invalidResult(survey, at, machine));
    for (const ours of at.ours) results.push(...(await entryResults({ client, at, machine, handshake, progress }, ours)));
    for (const lost of at.lost) results.push(lostResult(survey, at, lost, machine));
  }
  const configured = writable.some((at) => at.ours.length > 0);
  if (results.length === 0) results.push(notConfigured(survey));
  for (const at of survey.locations.filter((candidate) => candidate.location.readOnly && candidate.ours.length > 0)) {
    results.push(legacyDuplicate(survey, at, machine, configured));
  }
  const names = [...new Set(writable.flatMap((at) => at.ours.filter((ours) => ours.choices).map((ours) => ours.name)))];
  if (names.length > 1) results.push(sameServerTwice(survey, names));
  return results;
}

/** A config that does not parse: the client cannot read it either, and nothing of ours ever writes it. */
function invalidResult(survey: ClientSurvey, at: LocationSurvey, machine: Machine): CheckResult {
  const problem = at.read.state === 'invalid' ? at.read.problem : undefined;
  const position = problem?.line ? `:${problem.line}:${problem.column}` : '';
  return {
    id: `clients.${locationKey(at.location)}`,
    title: locationLabel(survey.client, at.location),
    status: 'fail',
    message: `${displayPath(machine.env, at.location.file)}${position}: does not parse: ${problem?.message ?? 'unreadable'}`,
    fix:
      `${problem?.line ? `Correct the file at line ${problem.line}, column ${problem.column}` : 'Make the file readable UTF-8'}; ` +
      `${survey.client.name} cannot read its servers from it either. Doctor and install never write a file that does not parse.`,
    details: { ...locationDetails(at), state: 'invalid', ...(problem && { line: problem.line ?? null, column: problem.column ?? null }) },
  };
}

function lostResult(survey: ClientSurvey, at: LocationSurvey, lost: LostEntry, machine: Machine): CheckResult {
  const { location } = at;
  const named = lost.name === DEFAULT_SERVER_NAME ? '' : `.${lost.name}`;
  const install = installCommand(survey.client.id, location.scope, lost.name, lost.choices);
  const fileThere = at.read.state === 'read';
  const { launcher, dataDir = null } = lost.choices;
  const repair: Repair = { client: location.client, scope: location.scope, file: location.file, name: lost.name, launcher, dataDir };
  return {
    id: `clients.${locationKey(location)}${named}`,
    title: `${locationLabel(survey.client, location)}${named ? ` ${lost.name}` : ''}`,
    status: 'warn',
    message:
      `"${lost.name}" was installed into ${displayPath(machine.env, location.file)} on ${lost.installedAt.slice(0, 10)} (run ${lost.runId}) ` +
      `and is no longer there${fileThere ? '' : ': the file is gone'}`,
    fix: fileThere
      ? `\`orchestrator doctor --fix\` installs it again (after a backup), as \`${install}\` would. Removed on purpose? Ignore this, ` +
        `or run that install and then \`orchestrator uninstall --client ${survey.client.id}\`, which records the removal.`
      : `\`${install}\` creates the file again if ${survey.client.name} is still in use; doctor --fix does not create config files.`,
    details: { ...locationDetails(at), name: lost.name, state: 'lost', installedBy: lost.runId, ...(fileThere && { repair }) },
  };
}

function notConfigured(survey: ClientSurvey): CheckResult {
  const { client, detection } = survey;
  return {
    id: `clients.${client.id}`,
    title: client.name,
    status: 'warn',
    message: `${detection.detected ? `detected (${detection.evidence.join('; ')})` : 'not detected'}, but none of its configs has "${DEFAULT_SERVER_NAME}"`,
    fix: `\`orchestrator install --client ${client.id}\` adds it (doctor --fix never adds an entry you did not install).`,
    details: { client: client.id, detected: detection.detected, evidence: detection.evidence, state: 'absent' },
  };
}

/** VS Code's deprecated settings.json block: next to an entry in mcp.json, it starts the server a second time. */
function legacyDuplicate(survey: ClientSurvey, at: LocationSurvey, machine: Machine, configured: boolean): CheckResult {
  const names = at.ours.map((ours) => `"${ours.name}"`).join(', ');
  const block = `the deprecated "${at.location.section.join('.')}" block of ${displayPath(machine.env, at.location.file)}`;
  return {
    id: `clients.${locationKey(at.location)}.legacy`,
    title: `${locationLabel(survey.client, at.location)} ${configured ? 'duplicate' : 'deprecated'}`,
    status: 'warn',
    message: configured
      ? `${names} is also in ${block}: ${survey.client.name} would start the server twice`
      : `${names} is only in ${block}; ${survey.client.name} 1.102 and later expect servers in mcp.json and offer to move them there`,
    fix: configured
      ? `Delete it from that block (doctor and install never write settings.json).`
      : `\`orchestrator install --client ${survey.client.id}\` writes it into mcp.json; then delete it from settings.json (doctor and install never write that file).`,
    details: { ...locationDetails(at), names: at.ours.map((ours) => ours.name), state: 'duplicate' },
  };
}

function sameServerTwice(survey: ClientSurvey, names: string[]): CheckResult {
  return {
    id: `clients.${survey.client.id}.duplicate`,
    title: `${survey.client.name} duplicate`,
    status: 'warn',
    message:
      `orchestrator's server is configured under ${names.length} names (${names.map((name) => `"${name}"`).join(', ')}): ` +
      `${survey.client.name} starts it once per name, with every tool twice`,
    fix: `Keep one: \`orchestrator uninstall --client ${survey.client.id} --name <name>\` removes another.`,
    details: { client: survey.client.id, names, state: 'duplicate' },
  };
}
