import { pathsOf } from '../env.js';
import { detectBy, location } from './common.js';
import type { ClientDescriptor } from './types.js';

export const cursor: ClientDescriptor = {
  id: 'cursor',
  name: 'Cursor',
  shape: 'mcpServers',
  scopes: ['user', 'project'],
  detect: (env) => detectBy(env, [pathsOf(env).join(env.home, '.cursor')], ['cursor']),
  locations(env, scope) {
    const p = pathsOf(env);
    if (scope === 'user') {
      const folder = p.join(env.home, '.cursor');
      return [location('cursor', 'user', p.join(folder, 'mcp.json'), ['mcpServers'], { folder })];
    }
    if (scope === 'project') return [location('cursor', 'project', p.join(env.cwd, '.cursor', 'mcp.json'), ['mcpServers'])];
    return [];
  },
  nextStep: (_scope, change) =>
    change === 'added'
      ? "Open Cursor's settings (MCP) and check that the server is switched on; restart Cursor if it is not listed."
      : 'Restart Cursor so it picks up the change.',
};
