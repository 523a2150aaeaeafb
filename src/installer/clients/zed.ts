import { pathsOf, type InstallerEnv } from '../env.js';
import { detectBy, location } from './common.js';
import type { ClientDescriptor } from './types.js';

function configFolder(env: InstallerEnv): string {
  const p = pathsOf(env);
  return env.platform === 'win32' ? p.join(env.appData, 'Zed') : p.join(env.xdgConfigHome, 'zed');
}

export const zed: ClientDescriptor = {
  id: 'zed',
  name: 'Zed',
  // The flat form under context_servers; settings.json is the whole editor config, with comments.
  shape: 'zed',
  scopes: ['user', 'project'],
  detect: (env) => detectBy(env, [configFolder(env)], ['zed']),
  locations(env, scope) {
    const p = pathsOf(env);
    if (scope === 'user') {
      const folder = configFolder(env);
      return [location('zed', 'user', p.join(folder, 'settings.json'), ['context_servers'], { folder })];
    }
    if (scope === 'project') return [location('zed', 'project', p.join(env.cwd, '.zed', 'settings.json'), ['context_servers'])];
    return [];
  },
  nextStep: (_scope, change) =>
    change === 'added'
      ? "Zed reloads settings when they change: check the server in the Agent Panel's settings (restart Zed if it is not running)."
      : 'Zed reloads settings when they change; nothing else to do.',
};
