import { pathsOf } from '../env.js';
import { detectBy, folderLocations, locator } from './common.js';
import type { ClientDescriptor } from './types.js';

const at = locator('qwen-code', { section: ['mcpServers'], shape: 'command' });

/** Qwen Code, a fork of Gemini CLI: the same settings.json under ~/.qwen. */
export const qwenCode: ClientDescriptor = {
  id: 'qwen-code',
  name: 'Qwen Code',
  pathSource: 'terminal',
  scopes: ['user', 'project'],
  detect: (env) => detectBy(env, [pathsOf(env).join(env.home, '.qwen')], ['qwen']),
  locations: (env, scope) =>
    folderLocations(at, env, scope, { folder: pathsOf(env).join(env.home, '.qwen'), file: ['settings.json'], project: ['.qwen', 'settings.json'] }),
  nextStep: () => 'Start a new Qwen Code session (`qwen mcp list` shows the server).',
};
