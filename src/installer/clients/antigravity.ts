import { pathsOf } from '../env.js';
import { detectBy, locator } from './common.js';
import type { ClientDescriptor } from './types.js';

const at = locator('antigravity', { section: ['mcpServers'], shape: 'command' });

/** Google Antigravity keeps one mcp_config.json under ~/.gemini/antigravity on every platform. */
export const antigravity: ClientDescriptor = {
  id: 'antigravity',
  name: 'Antigravity',
  pathSource: 'login-shell',
  scopes: ['user'],
  detect: (env) => detectBy(env, [pathsOf(env).join(env.home, '.gemini', 'antigravity')], ['antigravity']),
  locations(env, scope) {
    if (scope !== 'user') return [];
    const folder = pathsOf(env).join(env.home, '.gemini', 'antigravity');
    return [at('user', pathsOf(env).join(folder, 'mcp_config.json'), { folder })];
  },
  nextStep: () => 'In Antigravity open the agent panel, "…" → MCP Servers → Manage MCP Servers, and press refresh.',
};
