import { pathsOf, type InstallerEnv } from '../env.js';
import { detectBy, locator, vscodeUserFolder } from './common.js';
import type { ClientDescriptor, ClientId } from './types.js';

type Product = 'Code' | 'Code - Insiders';

/**
 * VS Code and VS Code Insiders: `servers` with "type": "stdio" in the user folder's mcp.json (VS Code ignores
 * `mcpServers` without a word), and `.vscode/mcp.json` in a project, which both builds read.
 */
function vscodeBuild(id: ClientId, name: string, product: Product, binary: string): ClientDescriptor {
  const at = locator(id, { section: ['servers'], shape: 'vscode' });
  return {
    id,
    name,
    pathSource: 'login-shell',
    scopes: ['user', 'project'],
    detect: (env) => detectBy(env, [vscodeUserFolder(env, product)], [binary]),
    locations(env: InstallerEnv, scope) {
      const p = pathsOf(env);
      if (scope === 'project') return [at('project', p.join(env.cwd, '.vscode', 'mcp.json'))];
      if (scope !== 'user') return [];
      const folder = vscodeUserFolder(env, product);
      return [
        at('user', p.join(folder, 'mcp.json'), { folder }),
        // The deprecated block in settings.json: read to report a duplicate, never written.
        at('user', p.join(folder, 'settings.json'), { folder, readOnly: true, section: ['mcp', 'servers'] }),
      ];
    },
    nextStep: (_scope, change) =>
      change === 'added'
        ? `In ${name} run "Developer: Reload Window", then start the server from "MCP: List Servers" if it does not start by itself.`
        : `In ${name} run "Developer: Reload Window".`,
  };
}

export const vscode = vscodeBuild('vscode', 'VS Code', 'Code', 'code');
export const vscodeInsiders = vscodeBuild('vscode-insiders', 'VS Code Insiders', 'Code - Insiders', 'code-insiders');
