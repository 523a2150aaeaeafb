import { pathsOf, type InstallerEnv } from '../env.js';
import { detectBy, locator } from './common.js';
import type { ClientDescriptor } from './types.js';

function configFolder(env: InstallerEnv): string {
  const p = pathsOf(env);
  return env.platform === 'win32' ? p.join(env.appData, 'Zed') : p.join(env.xdgConfigHome, 'zed');
}

// The flat form under context_servers; settings.json is the whole editor config, with comments.
const at = locator('zed', { section: ['context_servers'], shape: 'zed' });

export const zed: ClientDescriptor = {
  id: 'zed',
  name: 'Zed',
  pathSource: 'login-shell',
  scopes: ['user', 'project'],
  detect: (env) => detectBy(env, [configFolder(env)], ['zed']),
  locations(env, scope) {
    const p = pathsOf(env);
    if (scope === 'user') {
      const folder = configFolder(env);
      return [at('user', p.join(folder, 'settings.json'), { folder })];
    }
    if (scope === 'project') return [at('project', p.join(env.cwd, '.zed', 'settings.json'))];
    return [];
  },
  nextStep: (_scope, change) =>
    change === 'added'
      ? "Zed reloads settings when they change: check the server in the Agent Panel's settings (restart Zed if it is not running)."
      : 'Zed reloads settings when they change; nothing else to do.',
};
