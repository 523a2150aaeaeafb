import { pathsOf } from '../env.js';
import { detectBy, folderLocations, locator } from './common.js';
import type { ClientDescriptor } from './types.js';

const at = locator('kiro', { section: ['mcpServers'], shape: 'command' });

export const kiro: ClientDescriptor = {
  id: 'kiro',
  name: 'Kiro',
  pathSource: 'login-shell',
  scopes: ['user', 'project'],
  detect: (env) => detectBy(env, [pathsOf(env).join(env.home, '.kiro')], ['kiro']),
  locations: (env, scope) =>
    folderLocations(at, env, scope, {
      folder: pathsOf(env).join(env.home, '.kiro'),
      file: ['settings', 'mcp.json'],
      project: ['.kiro', 'settings', 'mcp.json'],
    }),
  nextStep: () => "Kiro reconnects when its MCP config changes; check the server in the Kiro panel's MCP servers list.",
};
