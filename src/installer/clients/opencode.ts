import { pathsOf, type InstallerEnv } from '../env.js';
import { detectBy, firstExisting, locator } from './common.js';
import type { ClientDescriptor, ConfigLocation, Scope } from './types.js';

// `mcp` in opencode.json(c): `{"type": "local", "command": [program, ...args]}`; unknown keys make the config invalid.
const at = locator('opencode', { section: ['mcp'], shape: 'opencode' });

function configFolder(env: InstallerEnv): string {
  return pathsOf(env).join(env.xdgConfigHome, 'opencode');
}

/** Every name opencode reads for a scope; the first is the one created when none exists. */
function files(env: InstallerEnv, scope: Scope): string[] {
  const p = pathsOf(env);
  if (scope === 'user') return ['opencode.json', 'opencode.jsonc', 'config.json'].map((name) => p.join(configFolder(env), name));
  return ['opencode.json', 'opencode.jsonc'].map((name) => p.join(env.cwd, name));
}

function locations(env: InstallerEnv, scope: Scope): ConfigLocation[] {
  if (scope === 'local') return [];
  return files(env, scope).map((file, index) => at(scope, file, { variant: index === 0 ? null : pathsOf(env).basename(file) }));
}

export const opencode: ClientDescriptor = {
  id: 'opencode',
  name: 'opencode',
  pathSource: 'terminal',
  scopes: ['user', 'project'],
  detect: (env) => detectBy(env, [configFolder(env)], ['opencode']),
  locations,
  /** The file that exists (opencode merges them all), else opencode.json. */
  installTargets(env, scope) {
    const all = locations(env, scope);
    if (all.length === 0) return [];
    const chosen = firstExisting(
      env,
      all.map((location) => location.file),
      all[0]!.file,
    );
    return all.filter((location) => location.file === chosen);
  },
  nextStep: () => 'Start a new opencode session (`opencode mcp list` shows the server).',
};
