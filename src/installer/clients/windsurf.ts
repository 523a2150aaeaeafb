import { pathsOf, type InstallerEnv } from '../env.js';
import { detectBy, locator } from './common.js';
import type { ClientDescriptor } from './types.js';

/** Windsurf and Windsurf Next keep separate configs side by side. */
function folders(env: InstallerEnv): Array<{ variant: string | null; folder: string }> {
  const p = pathsOf(env);
  return [
    { variant: null, folder: p.join(env.home, '.codeium', 'windsurf') },
    { variant: 'Windsurf Next', folder: p.join(env.home, '.codeium', 'windsurf-next') },
  ];
}

const at = locator('windsurf', { section: ['mcpServers'], shape: 'command' });

export const windsurf: ClientDescriptor = {
  id: 'windsurf',
  name: 'Windsurf',
  pathSource: 'login-shell',
  scopes: ['user'],
  detect: (env) =>
    detectBy(
      env,
      folders(env).map((build) => build.folder),
      ['windsurf', 'windsurf-next'],
    ),
  locations(env, scope) {
    if (scope !== 'user') return [];
    const p = pathsOf(env);
    return folders(env).map(({ variant, folder }) => at('user', p.join(folder, 'mcp_config.json'), { variant, folder }));
  },
  nextStep: () => "Open Windsurf's MCP panel (Cascade → MCP servers) and press refresh.",
};
