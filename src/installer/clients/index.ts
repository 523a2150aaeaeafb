import { OrchestratorError } from '../../errors.js';
import type { InstallerEnv } from '../env.js';
import { antigravity } from './antigravity.js';
import { claudeCode } from './claude-code.js';
import { claudeDesktop } from './claude-desktop.js';
import { cline } from './cline.js';
import { codex } from './codex.js';
import { continueDev } from './continue.js';
import { copilotCli } from './copilot-cli.js';
import { cursor } from './cursor.js';
import { geminiCli } from './gemini-cli.js';
import { goose } from './goose.js';
import { kiloCode } from './kilo-code.js';
import { kiro } from './kiro.js';
import { lmStudio } from './lm-studio.js';
import { opencode } from './opencode.js';
import { qwenCode } from './qwen-code.js';
import { rooCode } from './roo-code.js';
import { vscode, vscodeInsiders } from './vscode.js';
import { windsurf } from './windsurf.js';
import { zed } from './zed.js';
import { CLIENT_IDS, type ClientDescriptor, type ClientId, type ConfigLocation, type Scope } from './types.js';

export { claudeJsonPath, projectKey } from './claude-code.js';
export * from './types.js';

/** In the order of CLIENT_IDS, which is the order `clients` lists them in. */
export const CLIENTS: readonly ClientDescriptor[] = [
  claudeDesktop,
  cursor,
  windsurf,
  vscode,
  vscodeInsiders,
  zed,
  claudeCode,
  cline,
  rooCode,
  kiloCode,
  geminiCli,
  qwenCode,
  codex,
  opencode,
  goose,
  continueDev,
  copilotCli,
  kiro,
  antigravity,
  lmStudio,
];

export function getClient(id: string): ClientDescriptor {
  const client = CLIENTS.find((candidate) => candidate.id === id);
  if (!client) {
    throw new OrchestratorError(`Unknown client "${id}".`, { code: 'USAGE', hint: `Known clients: ${CLIENT_IDS.join(', ')}.` });
  }
  return client;
}

export function isClientId(id: string): id is ClientId {
  return (CLIENT_IDS as readonly string[]).includes(id);
}

/**
 * The files an install writes for a scope: every build of the client whose folder exists, or the main build
 * when none does (the user named the client, so they have it or are about to).
 */
export function installLocations(client: ClientDescriptor, env: InstallerEnv, scope: Scope): ConfigLocation[] {
  if (client.installTargets) return client.installTargets(env, scope);
  const writable = client.locations(env, scope).filter((candidate) => !candidate.readOnly);
  const present = writable.filter((candidate) => candidate.folder !== null && env.probe.isDirectory(candidate.folder));
  return present.length > 0 ? present : writable.slice(0, 1);
}

/** Every place the client may hold servers, in every scope it has: what `clients` and uninstall look at. */
export function allLocations(client: ClientDescriptor, env: InstallerEnv): ConfigLocation[] {
  return client.scopes.flatMap((scope) => client.locations(env, scope));
}
