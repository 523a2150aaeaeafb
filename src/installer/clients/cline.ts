import { fileExists, pathsOf, type InstallerEnv } from '../env.js';
import { detectBy, extensionStorages, locator } from './common.js';
import type { ClientDescriptor, ConfigLocation } from './types.js';

const FILE = 'cline_mcp_settings.json';
const at = locator('cline', { section: ['mcpServers'], shape: 'command' });

/**
 * The settings file Cline's VS Code extension, CLI and JetBrains plugin share: CLINE_MCP_SETTINGS_PATH, else
 * CLINE_DATA_DIR/settings, else (CLINE_DIR or ~/.cline)/data/settings (Cline's mcp-settings-legacy-migration.ts).
 */
export function clineSettingsPath(env: InstallerEnv): string {
  const p = pathsOf(env);
  if (env.vars.CLINE_MCP_SETTINGS_PATH) return env.vars.CLINE_MCP_SETTINGS_PATH;
  if (env.vars.CLINE_DATA_DIR) return p.join(env.vars.CLINE_DATA_DIR, 'settings', FILE);
  return p.join(env.vars.CLINE_DIR ?? p.join(env.home, '.cline'), 'data', 'settings', FILE);
}

/** The file of older extension versions, in the editor's globalStorage; Cline merges it into the shared one once. */
function legacyFiles(env: InstallerEnv): ConfigLocation[] {
  const p = pathsOf(env);
  return extensionStorages(env, 'saoudrizwan.claude-dev').map(({ editor, folder }) =>
    at('user', p.join(folder, 'settings', FILE), { variant: `old ${editor} file`, folder }),
  );
}

export const cline: ClientDescriptor = {
  id: 'cline',
  name: 'Cline',
  pathSource: 'login-shell',
  scopes: ['user'],
  detect: (env) =>
    detectBy(
      env,
      [env.vars.CLINE_DIR ?? pathsOf(env).join(env.home, '.cline'), ...extensionStorages(env, 'saoudrizwan.claude-dev').map((s) => s.folder)],
      ['cline'],
    ),
  locations: (env, scope) => (scope === 'user' ? [at('user', clineSettingsPath(env)), ...legacyFiles(env)] : []),
  /**
   * The shared file, always. An old globalStorage file too while Cline has not moved to the shared file (it
   * exists and the shared one does not): an older extension reads only that, and a newer one merges it into the
   * shared file at its next start, keeping what is already there. Once moved, the old file is read by nobody.
   */
  installTargets(env, scope) {
    if (scope !== 'user') return [];
    const shared = clineSettingsPath(env);
    const unmoved = fileExists(env, shared) ? [] : legacyFiles(env).filter((legacy) => fileExists(env, legacy.file));
    return [at('user', shared), ...unmoved];
  },
  nextStep: () =>
    'Cline picks up the change when its settings file changes; if the server is not listed, reload the editor window (or restart the Cline CLI).',
};
