import { pathsOf, type InstallerEnv } from '../env.js';
import { detectBy, locator } from './common.js';
import type { ClientDescriptor } from './types.js';

// The `extensions` mapping of config.yaml, which holds all of Goose's settings.
const at = locator('goose', { section: ['extensions'], shape: 'goose', format: 'yaml' });

/** `$XDG_CONFIG_HOME/goose` (macOS too), `%APPDATA%\Block\goose\config` on Windows. */
function configFolder(env: InstallerEnv): string {
  const p = pathsOf(env);
  return env.platform === 'win32' ? p.join(env.appData, 'Block', 'goose', 'config') : p.join(env.xdgConfigHome, 'goose');
}

export const goose: ClientDescriptor = {
  id: 'goose',
  name: 'Goose',
  pathSource: 'terminal',
  scopes: ['user'],
  detect: (env) => detectBy(env, [configFolder(env)], ['goose']),
  locations: (env, scope) =>
    scope === 'user' ? [at('user', pathsOf(env).join(configFolder(env), 'config.yaml'), { folder: configFolder(env) })] : [],
  nextStep: () => 'Start a new goose session, or restart goose Desktop.',
};
