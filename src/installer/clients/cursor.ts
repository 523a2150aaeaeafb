import { pathsOf } from '../env.js';
import { detectBy, folderLocations, locator } from './common.js';
import type { ClientDescriptor } from './types.js';

const at = locator('cursor', { section: ['mcpServers'], shape: 'command' });

export const cursor: ClientDescriptor = {
  id: 'cursor',
  name: 'Cursor',
  pathSource: 'login-shell',
  scopes: ['user', 'project'],
  detect: (env) => detectBy(env, [pathsOf(env).join(env.home, '.cursor')], ['cursor']),
  locations: (env, scope) =>
    folderLocations(at, env, scope, { folder: pathsOf(env).join(env.home, '.cursor'), file: ['mcp.json'], project: ['.cursor', 'mcp.json'] }),
  nextStep: (_scope, change) =>
    change === 'added'
      ? "Open Cursor's settings (MCP) and check that the server is switched on; restart Cursor if it is not listed."
      : 'Restart Cursor so it picks up the change.',
};
