import { pathsOf } from '../env.js';
import { detectBy, locator } from './common.js';
import type { ClientDescriptor } from './types.js';

// `mcpServers` in config.yaml is a list of servers, each named by its `name`.
const at = locator('continue', { section: ['mcpServers'], shape: 'continue', format: 'yaml-list' });

export const continueDev: ClientDescriptor = {
  id: 'continue',
  name: 'Continue',
  pathSource: 'login-shell',
  scopes: ['user'],
  detect: (env) => detectBy(env, [pathsOf(env).join(env.home, '.continue')], ['cn']),
  locations(env, scope) {
    if (scope !== 'user') return [];
    const folder = pathsOf(env).join(env.home, '.continue');
    // A config.yaml takes over from an older config.json, so creating one would hide the user's settings.
    const mustExist =
      'Continue has not written ~/.continue/config.yaml yet (it writes one on its first start; an older config.json is not edited): start Continue once, then install again.';
    return [at('user', pathsOf(env).join(folder, 'config.yaml'), { folder, mustExist })];
  },
  nextStep: () => 'Continue reloads config.yaml when it changes; MCP tools are offered in agent mode.',
};
