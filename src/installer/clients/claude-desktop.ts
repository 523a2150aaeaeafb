import { pathsOf, type InstallerEnv } from '../env.js';
import { detectBy, locator } from './common.js';
import type { ClientDescriptor, ConfigLocation } from './types.js';

const FILE = 'claude_desktop_config.json';

interface Build {
  variant: string | null;
  /** The folder that proves this build is installed. */
  folder: string;
  configDir: string;
}

/**
 * macOS and Linux have one folder. Windows has the classic installer's %APPDATA%\Claude and, for the Microsoft
 * Store (MSIX) build, a virtualised copy under %LOCALAPPDATA%\Packages\Claude_<publisher id>\LocalCache.
 */
function builds(env: InstallerEnv): Build[] {
  const p = pathsOf(env);
  if (env.platform === 'darwin') {
    const dir = p.join(env.home, 'Library', 'Application Support', 'Claude');
    return [{ variant: null, folder: dir, configDir: dir }];
  }
  if (env.platform === 'win32') {
    const classic = p.join(env.appData, 'Claude');
    const packages = p.join(env.localAppData, 'Packages');
    const store = env.probe
      .list(packages)
      .filter((name) => /^Claude_/i.test(name))
      .sort()
      .map((name) => ({
        variant: `Microsoft Store (${name})`,
        folder: p.join(packages, name),
        configDir: p.join(packages, name, 'LocalCache', 'Roaming', 'Claude'),
      }));
    return [{ variant: null, folder: classic, configDir: classic }, ...store];
  }
  const dir = p.join(env.xdgConfigHome, 'Claude');
  return [{ variant: null, folder: dir, configDir: dir }];
}

const at = locator('claude-desktop', { section: ['mcpServers'], shape: 'command' });

export const claudeDesktop: ClientDescriptor = {
  id: 'claude-desktop',
  name: 'Claude Desktop',
  pathSource: 'desktop',
  scopes: ['user'],
  detect: (env) =>
    detectBy(
      env,
      builds(env).map((build) => build.folder),
      [],
    ),
  locations(env, scope): ConfigLocation[] {
    if (scope !== 'user') return [];
    const p = pathsOf(env);
    return builds(env).map((build) => at('user', p.join(build.configDir, FILE), { variant: build.variant, folder: build.folder }));
  },
  nextStep: () => 'Quit Claude Desktop completely (from the menu bar or the system tray, not only its window) and open it again.',
};
