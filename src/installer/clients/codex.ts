import { pathsOf, type InstallerEnv } from '../env.js';
import { detectBy, locator } from './common.js';
import type { ClientDescriptor } from './types.js';

// [mcp_servers.NAME] tables in config.toml, which holds all of Codex's settings; an entry with a `type` makes
// Codex refuse the whole file, so the codex shape never writes one.
const at = locator('codex', { section: ['mcp_servers'], shape: 'codex', format: 'toml' });

function codexHome(env: InstallerEnv): string {
  return env.vars.CODEX_HOME ?? pathsOf(env).join(env.home, '.codex');
}

export const codex: ClientDescriptor = {
  id: 'codex',
  name: 'Codex CLI',
  pathSource: 'terminal',
  scopes: ['user'],
  detect: (env) => detectBy(env, [codexHome(env)], ['codex']),
  locations: (env, scope) => (scope === 'user' ? [at('user', pathsOf(env).join(codexHome(env), 'config.toml'), { folder: codexHome(env) })] : []),
  nextStep: () => 'Start a new Codex session (`/mcp` in it lists the server).',
  toolNames: { prefix: (server) => `mcp__${server}__`, limit: 64 },
};
