import { pathsOf, type InstallerEnv } from '../env.js';
import { detectBy, folderLocations, locator } from './common.js';
import type { ClientDescriptor } from './types.js';

// `mcpServers` with "type": "local" and the tools to offer. Copilot CLI reads .github/mcp.json in a project (after
// the folder is trusted), not .vscode/mcp.json.
const at = locator('copilot-cli', { section: ['mcpServers'], shape: 'copilot' });

function copilotHome(env: InstallerEnv): string {
  return env.vars.COPILOT_HOME ?? pathsOf(env).join(env.home, '.copilot');
}

export const copilotCli: ClientDescriptor = {
  id: 'copilot-cli',
  name: 'GitHub Copilot CLI',
  pathSource: 'terminal',
  scopes: ['user', 'project'],
  detect: (env) => detectBy(env, [copilotHome(env)], ['copilot']),
  locations: (env, scope) =>
    folderLocations(at, env, scope, { folder: copilotHome(env), file: ['mcp-config.json'], project: ['.github', 'mcp.json'] }),
  nextStep: (scope) =>
    `Start a new Copilot CLI session (\`/mcp show\` lists the server)${scope === 'project' ? '; trust the folder when asked' : ''}.`,
};
