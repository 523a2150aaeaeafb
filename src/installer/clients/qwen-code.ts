import { pathsOf } from '../env.js';
import { detectBy, locator } from './common.js';
import type { ClientDescriptor } from './types.js';

const at = locator('qwen-code', { section: ['mcpServers'], shape: 'command' });

/** Qwen Code, a fork of Gemini CLI: the same settings.json under ~/.qwen. */
export const qwenCode: ClientDescriptor = {
  id: 'qwen-code',
  name: 'Qwen Code',
  pathSource: 'terminal',
  scopes: ['user', 'project'],
  detect: (env) => detectBy(env, [pathsOf(env).join(env.home, '.qwen')], ['qwen']),
  locations(env, scope) {
    const p = pathsOf(env);
    if (scope === 'user') return [at('user', p.join(env.home, '.qwen', 'settings.json'), { folder: p.join(env.home, '.qwen') })];
    if (scope === 'project') return [at('project', p.join(env.cwd, '.qwen', 'settings.json'))];
    return [];
  },
  nextStep: () => 'Start a new Qwen Code session (`qwen mcp list` shows the server).',
};
