import { pathsOf } from '../env.js';
import { detectBy, extensionStorages, locator } from './common.js';
import type { ClientDescriptor } from './types.js';

const EXTENSION = 'rooveterinaryinc.roo-cline';
const at = locator('roo-code', { section: ['mcpServers'], shape: 'command' });

/** Roo Code keeps its servers in the editor's globalStorage (one build each of VS Code and Insiders). */
export const rooCode: ClientDescriptor = {
  id: 'roo-code',
  name: 'Roo Code',
  pathSource: 'login-shell',
  scopes: ['user', 'project'],
  detect: (env) =>
    detectBy(
      env,
      extensionStorages(env, EXTENSION).map((storage) => storage.folder),
      [],
    ),
  locations(env, scope) {
    const p = pathsOf(env);
    if (scope === 'project') return [at('project', p.join(env.cwd, '.roo', 'mcp.json'))];
    if (scope !== 'user') return [];
    return extensionStorages(env, EXTENSION).map(({ editor, folder }) =>
      at('user', p.join(folder, 'settings', 'mcp_settings.json'), { variant: editor === 'VS Code' ? null : editor, folder }),
    );
  },
  nextStep: () => "Roo Code reloads its MCP settings when they change; if the server is not listed, press refresh in Roo Code's MCP view.",
};
