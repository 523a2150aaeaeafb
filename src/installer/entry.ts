import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Launcher } from './constants.js';
import type { Platform } from './env.js';

/** How a client starts our server: a program, its arguments and extra environment variables. */
export interface ServerSpec {
  command: string;
  args: string[];
  env?: Record<string, string>;
}

export { DEFAULT_SERVER_NAME, LAUNCHERS, SERVER_NAME_PATTERN } from './constants.js';
export type { Launcher } from './constants.js';

const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { name: string; version: string };

export const PACKAGE_NAME = packageJson.name;

/**
 * What `npx` runs: our package at this major version, so a client never picks up a release with another
 * command line, and never a package of another name.
 */
export const NPX_PACKAGE = `${PACKAGE_NAME}@${packageJson.version.split('.')[0]}`;

/** The name earlier versions wrote after `npx -y`: an unrelated package owns it, so such entries are stale. */
const LEGACY_NPX_PACKAGE = 'orchestrator';

/** bin/orchestrator.js of this installation (this file is dist/installer/entry.js or src/installer/entry.ts). */
export const OUR_BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'orchestrator.js');

export interface SpecChoices {
  launcher: Launcher;
  /** Absolute data directory passed as --data-dir, if one was chosen. */
  dataDir?: string | undefined;
}

export interface SpecContext {
  platform: Platform;
  /** Absolute path of the Node binary (process.execPath). */
  nodePath: string;
  /** Absolute path of bin/orchestrator.js. */
  binPath: string;
  /** The package runner's cache this process runs from (npx's), when it does; see launch.ts. */
  cache?: string | null;
}

/**
 * The command written into every client. GUI clients start servers without the user's shell profile, so the
 * default names Node and our entry script by absolute path; `npx` needs `cmd /c` on Windows, where it is a
 * batch file that cannot be spawned without a shell.
 */
export function buildServerSpec(choices: SpecChoices, context: SpecContext): ServerSpec {
  const serve = ['serve', ...(choices.dataDir ? ['--data-dir', choices.dataDir] : [])];
  if (choices.launcher === 'node') return { command: context.nodePath, args: [context.binPath, ...serve] };
  const npx = ['-y', NPX_PACKAGE, ...serve];
  return context.platform === 'win32' ? { command: 'cmd', args: ['/c', 'npx', ...npx] } : { command: 'npx', args: npx };
}

/**
 * The launcher and data directory an existing entry was written with, so "is it current?" can be answered
 * by rebuilding it from this installation. Undefined when the entry does not start our server.
 */
export function inferChoices(spec: ServerSpec): SpecChoices | undefined {
  let rest = spec.args;
  let launcher: Launcher;
  if (spec.command === 'npx' || (spec.command === 'cmd' && rest[0]?.toLowerCase() === '/c' && rest[1] === 'npx')) {
    if (spec.command === 'cmd') rest = rest.slice(2);
    if (rest[0] !== '-y' || !isOurPackage(rest[1])) return undefined;
    rest = rest.slice(2);
    launcher = 'npx';
  } else {
    if (!rest[0]?.endsWith('orchestrator.js')) return undefined;
    rest = rest.slice(1);
    launcher = 'node';
  }
  if (rest[0] !== 'serve') return undefined;
  const at = rest.indexOf('--data-dir');
  return { launcher, ...(at >= 0 && rest[at + 1] && { dataDir: rest[at + 1] }) };
}

function isOurPackage(spec: string | undefined): boolean {
  return spec === LEGACY_NPX_PACKAGE || spec === PACKAGE_NAME || Boolean(spec?.startsWith(`${PACKAGE_NAME}@`));
}

/** One line a person can paste into a shell to run the entry by hand. */
export function commandLine(spec: ServerSpec): string {
  return [spec.command, ...spec.args].map(quoteArg).join(' ');
}

export function quoteArg(arg: string): string {
  return /^[\w@%+=:,./\\-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
