import { pathsOf, type InstallerEnv } from '../env.js';
import { detectBy, locator } from './common.js';
import type { ClientDescriptor } from './types.js';

const at = locator('lm-studio', { section: ['mcpServers'], shape: 'command' });

/** ~/.lmstudio, or ~/.cache/lm-studio where older installs keep LM Studio's folder. */
function builds(env: InstallerEnv): Array<{ variant: string | null; folder: string }> {
  const p = pathsOf(env);
  return [
    { variant: null, folder: p.join(env.home, '.lmstudio') },
    { variant: 'older install (~/.cache/lm-studio)', folder: p.join(env.home, '.cache', 'lm-studio') },
  ];
}

export const lmStudio: ClientDescriptor = {
  id: 'lm-studio',
  name: 'LM Studio',
  pathSource: 'desktop',
  scopes: ['user'],
  detect: (env) =>
    detectBy(
      env,
      builds(env).map((build) => build.folder),
      ['lms'],
    ),
  locations(env, scope) {
    if (scope !== 'user') return [];
    const p = pathsOf(env);
    return builds(env).map(({ variant, folder }) => at('user', p.join(folder, 'mcp.json'), { variant, folder }));
  },
  nextStep: () => "LM Studio reloads mcp.json when it changes; check the server in the Program tab's MCP list.",
};
