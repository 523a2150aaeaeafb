import { fileExists, pathsOf, type InstallerEnv } from '../env.js';
import { detectBy, extensionStorages, firstExisting, locator } from './common.js';
import type { ClientDescriptor, ConfigLocation, Scope } from './types.js';

const EXTENSION = 'kilocode.kilo-code';
// The current Kilo (extension and CLI) reads opencode's format under `mcp` in kilo.json(c).
const current = locator('kilo-code', { section: ['mcp'], shape: 'opencode' });
// Older extension versions: `mcpServers` in globalStorage, or .kilocode/mcp.json in a project.
const legacy = locator('kilo-code', { section: ['mcpServers'], shape: 'command' });

function configFolder(env: InstallerEnv): string {
  return pathsOf(env).join(env.xdgConfigHome, 'kilo');
}

/** The names Kilo reads, the one it recommends last: the file written is the first that exists, else that one. */
function currentFiles(env: InstallerEnv, scope: Scope): string[] {
  const p = pathsOf(env);
  if (scope === 'user') return [p.join(configFolder(env), 'kilo.json'), p.join(configFolder(env), 'kilo.jsonc')];
  return ['kilo.jsonc', 'kilo.json', p.join('.kilo', 'kilo.json'), p.join('.kilo', 'kilo.jsonc')].map((name) => p.join(env.cwd, name));
}

function legacyFiles(env: InstallerEnv, scope: Scope): ConfigLocation[] {
  const p = pathsOf(env);
  if (scope === 'project') return [legacy('project', p.join(env.cwd, '.kilocode', 'mcp.json'), { variant: 'old .kilocode file' })];
  return extensionStorages(env, EXTENSION).map(({ editor, folder }) =>
    legacy('user', p.join(folder, 'settings', 'mcp_settings.json'), { variant: `old ${editor} file`, folder }),
  );
}

function currentLocations(env: InstallerEnv, scope: Scope): ConfigLocation[] {
  const files = currentFiles(env, scope);
  const fallback = files.at(-1)!;
  const p = pathsOf(env);
  return files.map((file) =>
    current(scope, file, { variant: file === fallback ? null : p.relative(scope === 'user' ? configFolder(env) : env.cwd, file) }),
  );
}

export const kiloCode: ClientDescriptor = {
  id: 'kilo-code',
  name: 'Kilo Code',
  pathSource: 'login-shell',
  scopes: ['user', 'project'],
  detect: (env) => detectBy(env, [configFolder(env), ...extensionStorages(env, EXTENSION).map((storage) => storage.folder)], ['kilo']),
  locations: (env, scope) => (scope === 'local' ? [] : [...currentLocations(env, scope), ...legacyFiles(env, scope)]),
  /** The current file; a legacy one too while it is in use and the current Kilo has never run (its file is missing). */
  installTargets(env, scope) {
    if (scope === 'local') return [];
    const locations = currentLocations(env, scope);
    const chosen = firstExisting(
      env,
      locations.map((location) => location.file),
      locations.at(-1)!.file,
    );
    const inUse = locations.some((location) => fileExists(env, location.file))
      ? []
      : legacyFiles(env, scope).filter((old) => fileExists(env, old.file));
    return [locations.find((location) => location.file === chosen)!, ...inUse];
  },
  nextStep: () => 'Reload the editor window (or restart the Kilo CLI) so Kilo Code reads its config again.',
};
