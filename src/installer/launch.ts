import type { Launcher } from './constants.js';
import { buildServerSpec, NPX_PACKAGE, OUR_BIN, PACKAGE_NAME, type ServerSpec, type SpecChoices, type SpecContext } from './entry.js';
import { fileExists, pathsOf, type InstallerEnv } from './env.js';

// `npx orchestrator-mcp install` runs us from npm's npx cache, which npm prunes whenever it likes: an entry that
// named our script there would stop working some day, silently. So from a package runner's cache the entry names
// a global install of the same package when one is on PATH, and otherwise starts the server through npx.

/** Folder names of package runners' caches: npm's npx, pnpm's and yarn's dlx, bunx. */
const RUNNER_CACHE = /^(_npx|dlx(-\d+)?|bunx-.+)$/;

/** The cache folder `file` lies in (…/.npm/_npx), or null when it is in none. */
export function runnerCache(file: string): string | null {
  const parts = file.split(/[\\/]/);
  const at = parts.findIndex((part) => RUNNER_CACHE.test(part));
  return at < 0 ? null : parts.slice(0, at + 1).join(file.includes('\\') ? '\\' : '/');
}

/**
 * bin/orchestrator.js of a global npm install found through `orchestrator` on PATH, outside any runner cache:
 * `<prefix>/bin/orchestrator` next to `<prefix>/lib/node_modules/orchestrator-mcp` on macOS and Linux, and
 * `<prefix>\orchestrator.cmd` next to `<prefix>\node_modules\orchestrator-mcp` on Windows.
 */
export function globalInstall(env: InstallerEnv): string | undefined {
  const p = pathsOf(env);
  for (const dir of env.pathEnv.split(env.platform === 'win32' ? ';' : ':').filter(Boolean)) {
    if (runnerCache(dir)) continue;
    const script =
      env.platform === 'win32'
        ? fileExists(env, p.join(dir, 'orchestrator.cmd')) && p.join(dir, 'node_modules', PACKAGE_NAME, 'bin', 'orchestrator.js')
        : env.probe.isExecutable(p.join(dir, 'orchestrator')) &&
          p.join(p.dirname(dir), 'lib', 'node_modules', PACKAGE_NAME, 'bin', 'orchestrator.js');
    if (script && fileExists(env, script)) return script;
  }
  return undefined;
}

/**
 * Where entries should find our server: this process's Node and bin script, or, when the script runs from a
 * runner's cache, a global install's script (`cache` then says which cache, so the launcher can be chosen).
 */
export function thisInstallation(env: InstallerEnv, running: string = OUR_BIN): SpecContext {
  const cache = runnerCache(running);
  return { platform: env.platform, nodePath: process.execPath, binPath: (cache && globalInstall(env)) || running, cache };
}

export interface Launch {
  spec: ServerSpec;
  /** The launcher written: the one asked for, or npx when the node launcher would name a path in a cache. */
  launcher: Launcher;
  /** Why the entry is not what was asked for, for people; null when it is. */
  note: string | null;
}

/** The command to write for these choices from this installation, never a path inside a runner's cache. */
export function planLaunch(choices: SpecChoices, context: SpecContext): Launch {
  const asked = { spec: buildServerSpec(choices, context), launcher: choices.launcher, note: null };
  if (!context.cache || choices.launcher === 'npx') return asked;
  const from = `orchestrator runs from a package runner's cache (${context.cache}), which is pruned without notice`;
  if (!runnerCache(context.binPath)) {
    return { ...asked, note: `${from}: the entry names the global install at ${context.binPath} instead.` };
  }
  return {
    spec: buildServerSpec({ ...choices, launcher: 'npx' }, context),
    launcher: 'npx',
    note:
      `${from}, and no global install was found on PATH: the entry runs \`npx -y ${NPX_PACKAGE} serve\` instead. ` +
      `For absolute paths (a faster start, no npx needed), run \`npm i -g ${PACKAGE_NAME}\` and install again.`,
  };
}
