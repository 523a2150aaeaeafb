import { pathsOf, type InstallerEnv } from '../env.js';
import { detectBy, locator } from './common.js';
import type { ClientDescriptor, ConfigLocation } from './types.js';

/** The user folder of VS Code and of VS Code Insiders on each platform. */
function userFolders(env: InstallerEnv): Array<{ variant: string | null; folder: string }> {
  const p = pathsOf(env);
  const base =
    env.platform === 'darwin'
      ? p.join(env.home, 'Library', 'Application Support')
      : env.platform === 'win32'
        ? env.appData
        : env.xdgConfigHome;
  return [
    { variant: null, folder: p.join(base, 'Code', 'User') },
    { variant: 'Insiders', folder: p.join(base, 'Code - Insiders', 'User') },
  ];
}

// `servers` with "type": "stdio": VS Code ignores `mcpServers` without a word.
const at = locator('vscode', { section: ['servers'], shape: 'vscode' });

export const vscode: ClientDescriptor = {
  id: 'vscode',
  name: 'VS Code',
  scopes: ['user', 'project'],
  detect: (env) => detectBy(env, userFolders(env).map((build) => build.folder), ['code', 'code-insiders']),
  locations(env, scope) {
    const p = pathsOf(env);
    if (scope === 'project') return [at('project', p.join(env.cwd, '.vscode', 'mcp.json'))];
    if (scope !== 'user') return [];
    return userFolders(env).flatMap(({ variant, folder }): ConfigLocation[] => [
      at('user', p.join(folder, 'mcp.json'), { variant, folder }),
      // The deprecated block in settings.json: read to report a duplicate, never written.
      at('user', p.join(folder, 'settings.json'), { variant, folder, readOnly: true, section: ['mcp', 'servers'] }),
    ]);
  },
  nextStep: (_scope, change) =>
    change === 'added'
      ? 'In VS Code run "Developer: Reload Window", then start the server from "MCP: List Servers" if it does not start by itself.'
      : 'In VS Code run "Developer: Reload Window".',
};
