import { pathsOf, type InstallerEnv } from '../env.js';
import { detectBy, folderLocations, locator } from './common.js';
import type { ClientDescriptor } from './types.js';

const at = locator('gemini-cli', { section: ['mcpServers'], shape: 'command' });

/** ~/.gemini, or $GEMINI_CLI_HOME/.gemini: Gemini CLI takes that variable for the home folder. */
function geminiFolder(env: InstallerEnv): string {
  return pathsOf(env).join(env.vars.GEMINI_CLI_HOME ?? env.home, '.gemini');
}

export const geminiCli: ClientDescriptor = {
  id: 'gemini-cli',
  name: 'Gemini CLI',
  pathSource: 'terminal',
  scopes: ['user', 'project'],
  // ~/.gemini alone proves little: Antigravity keeps its files there too.
  detect: (env) => detectBy(env, [], ['gemini'], [pathsOf(env).join(geminiFolder(env), 'settings.json')]),
  locations: (env, scope) =>
    folderLocations(at, env, scope, { folder: geminiFolder(env), file: ['settings.json'], project: ['.gemini', 'settings.json'] }),
  nextStep: (scope) =>
    `Start a new Gemini CLI session (\`gemini mcp list\` shows the server)${scope === 'project' ? '; the folder must be trusted for project settings to count' : ''}.`,
  toolNames: { prefix: (server) => `mcp_${server}_`, limit: 63 },
};
