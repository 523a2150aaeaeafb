import { pathsOf } from '../env.js';
import { detectBy, locator } from './common.js';
import type { ClientDescriptor } from './types.js';

const at = locator('kiro', { section: ['mcpServers'], shape: 'command' });

export const kiro: ClientDescriptor = {
  id: 'kiro',
  name: 'Kiro',
  pathSource: 'login-shell',
  scopes: ['user', 'project'],
  detect: (env) => detectBy(env, [pathsOf(env).join(env.home, '.kiro')], ['kiro']),
  locations(env, scope) {
    const p = pathsOf(env);
    if (scope === 'user') return [at('user', p.join(env.home, '.kiro', 'settings', 'mcp.json'), { folder: p.join(env.home, '.kiro') })];
    if (scope === 'project') return [at('project', p.join(env.cwd, '.kiro', 'settings', 'mcp.json'))];
    return [];
  },
  nextStep: () => "Kiro reconnects when its MCP config changes; check the server in the Kiro panel's MCP servers list.",
};
