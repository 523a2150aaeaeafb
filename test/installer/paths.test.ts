import { describe, expect, it } from 'vitest';
import { CLIENTS, getClient, installerEnv, type ClientId, type FileProbe, type InstallerEnv, type Platform, type Scope } from '../../src/installer/index.js';
import { installLocations } from '../../src/installer/clients/index.js';

/** A disk described by the folders and executables on it, so any platform's layout can be probed on Linux. */
function fakeDisk(folders: string[], executables: string[] = []): FileProbe {
  return {
    isDirectory: (p) => folders.includes(p),
    isExecutable: (p) => executables.includes(p),
    list: (dir) => folders.filter((folder) => folder.startsWith(`${dir}\\`) || folder.startsWith(`${dir}/`)).map((folder) => folder.slice(dir.length + 1).split(/[\\/]/)[0]!),
  };
}

const MACHINES: Record<Platform, Partial<InstallerEnv>> = {
  darwin: { platform: 'darwin', home: '/Users/ada', xdgConfigHome: '/Users/ada/.config', cwd: '/Users/ada/code/app', pathEnv: '/usr/local/bin:/usr/bin' },
  linux: { platform: 'linux', home: '/home/ada', xdgConfigHome: '/home/ada/.config', cwd: '/home/ada/code/app', pathEnv: '/usr/bin' },
  win32: {
    platform: 'win32',
    home: 'C:\\Users\\Ada',
    appData: 'C:\\Users\\Ada\\AppData\\Roaming',
    localAppData: 'C:\\Users\\Ada\\AppData\\Local',
    cwd: 'C:\\code\\app',
    pathEnv: 'C:\\Windows\\system32;C:\\Program Files\\nodejs',
    pathExt: '.COM;.EXE;.BAT;.CMD',
  },
};

function machine(platform: Platform, probe: FileProbe = fakeDisk([]), extra: Partial<InstallerEnv> = {}): InstallerEnv {
  return installerEnv({ ...MACHINES[platform], orchestratorHome: '/nowhere', claudeConfigDir: undefined, probe, ...extra }, {});
}

function files(id: ClientId, env: InstallerEnv, scope: Scope): string[] {
  return getClient(id).locations(env, scope).filter((location) => !location.readOnly).map((location) => location.file);
}

describe('user config paths on each platform', () => {
  const expected: Record<Platform, Record<ClientId, string[]>> = {
    darwin: {
      'claude-desktop': ['/Users/ada/Library/Application Support/Claude/claude_desktop_config.json'],
      cursor: ['/Users/ada/.cursor/mcp.json'],
      windsurf: ['/Users/ada/.codeium/windsurf/mcp_config.json', '/Users/ada/.codeium/windsurf-next/mcp_config.json'],
      vscode: ['/Users/ada/Library/Application Support/Code/User/mcp.json', '/Users/ada/Library/Application Support/Code - Insiders/User/mcp.json'],
      zed: ['/Users/ada/.config/zed/settings.json'],
      'claude-code': ['/Users/ada/.claude.json'],
    },
    linux: {
      'claude-desktop': ['/home/ada/.config/Claude/claude_desktop_config.json'],
      cursor: ['/home/ada/.cursor/mcp.json'],
      windsurf: ['/home/ada/.codeium/windsurf/mcp_config.json', '/home/ada/.codeium/windsurf-next/mcp_config.json'],
      vscode: ['/home/ada/.config/Code/User/mcp.json', '/home/ada/.config/Code - Insiders/User/mcp.json'],
      zed: ['/home/ada/.config/zed/settings.json'],
      'claude-code': ['/home/ada/.claude.json'],
    },
    win32: {
      'claude-desktop': ['C:\\Users\\Ada\\AppData\\Roaming\\Claude\\claude_desktop_config.json'],
      cursor: ['C:\\Users\\Ada\\.cursor\\mcp.json'],
      windsurf: ['C:\\Users\\Ada\\.codeium\\windsurf\\mcp_config.json', 'C:\\Users\\Ada\\.codeium\\windsurf-next\\mcp_config.json'],
      vscode: ['C:\\Users\\Ada\\AppData\\Roaming\\Code\\User\\mcp.json', 'C:\\Users\\Ada\\AppData\\Roaming\\Code - Insiders\\User\\mcp.json'],
      zed: ['C:\\Users\\Ada\\AppData\\Roaming\\Zed\\settings.json'],
      'claude-code': ['C:\\Users\\Ada\\.claude.json'],
    },
  };
  for (const platform of ['darwin', 'linux', 'win32'] as const) {
    it(`${platform}`, () => {
      const env = machine(platform);
      for (const client of CLIENTS) expect(files(client.id, env, 'user'), `${platform} ${client.id}`).toEqual(expected[platform][client.id]);
    });
  }

  it('follows XDG_CONFIG_HOME on Linux (Claude Desktop, VS Code, Zed) and ignores a relative one', () => {
    const env = installerEnv({ platform: 'linux', home: '/home/ada', cwd: '/w', orchestratorHome: '/x' }, { XDG_CONFIG_HOME: '/cfg' });
    expect(files('claude-desktop', env, 'user')).toEqual(['/cfg/Claude/claude_desktop_config.json']);
    expect(files('vscode', env, 'user')[0]).toBe('/cfg/Code/User/mcp.json');
    expect(files('zed', env, 'user')).toEqual(['/cfg/zed/settings.json']);
    expect(installerEnv({ platform: 'linux', home: '/home/ada' }, { XDG_CONFIG_HOME: 'relative' }).xdgConfigHome).toBe('/home/ada/.config');
  });

  it('puts .claude.json in CLAUDE_CONFIG_DIR when it is set', () => {
    const env = installerEnv({ platform: 'linux', home: '/home/ada', cwd: '/w', orchestratorHome: '/x' }, { CLAUDE_CONFIG_DIR: '/cc' });
    expect(files('claude-code', env, 'user')).toEqual(['/cc/.claude.json']);
  });
});

describe('Claude Desktop on Windows', () => {
  const packages = 'C:\\Users\\Ada\\AppData\\Local\\Packages';

  it('finds the Microsoft Store build under LOCALAPPDATA\\Packages\\Claude_*, and installs into it', () => {
    const store = `${packages}\\Claude_pzs8sxrjxfjjc`;
    const env = machine('win32', fakeDisk([store, `${packages}\\Microsoft.WindowsTerminal_8wekyb3d8bbwe`]));
    expect(files('claude-desktop', env, 'user')).toEqual([
      'C:\\Users\\Ada\\AppData\\Roaming\\Claude\\claude_desktop_config.json',
      `${store}\\LocalCache\\Roaming\\Claude\\claude_desktop_config.json`,
    ]);
    expect(getClient('claude-desktop').detect(env)).toEqual({ detected: true, evidence: ['~\\AppData\\Local\\Packages\\Claude_pzs8sxrjxfjjc exists'] });
    // Only the Store build is installed: only its file is written.
    expect(installLocations(getClient('claude-desktop'), env, 'user').map((location) => location.variant)).toEqual(['Microsoft Store (Claude_pzs8sxrjxfjjc)']);
  });

  it('writes both files when both builds are present, and the classic one when neither is', () => {
    const both = machine('win32', fakeDisk(['C:\\Users\\Ada\\AppData\\Roaming\\Claude', `${packages}\\Claude_abc`]));
    expect(installLocations(getClient('claude-desktop'), both, 'user')).toHaveLength(2);
    const neither = machine('win32');
    expect(installLocations(getClient('claude-desktop'), neither, 'user').map((location) => location.file)).toEqual([
      'C:\\Users\\Ada\\AppData\\Roaming\\Claude\\claude_desktop_config.json',
    ]);
  });
});

describe('project and local scopes', () => {
  it('are relative to the working directory', () => {
    const env = machine('win32');
    expect(files('cursor', env, 'project')).toEqual(['C:\\code\\app\\.cursor\\mcp.json']);
    expect(files('vscode', env, 'project')).toEqual(['C:\\code\\app\\.vscode\\mcp.json']);
    expect(files('zed', env, 'project')).toEqual(['C:\\code\\app\\.zed\\settings.json']);
    expect(files('claude-code', env, 'project')).toEqual(['C:\\code\\app\\.mcp.json']);
    // Claude Code keys projects with forward slashes, on Windows too.
    expect(getClient('claude-code').locations(env, 'local')[0]!.section).toEqual(['projects', 'C:/code/app', 'mcpServers']);
  });

  it('do not exist for Claude Desktop and Windsurf', () => {
    const env = machine('linux');
    expect(files('claude-desktop', env, 'project')).toEqual([]);
    expect(files('windsurf', env, 'project')).toEqual([]);
  });
});

describe('detection', () => {
  it('reports each piece of evidence: config folders and binaries on PATH', () => {
    const env = machine('darwin', fakeDisk(['/Users/ada/.cursor', '/Users/ada/.codeium/windsurf-next'], ['/usr/local/bin/cursor', '/usr/bin/code-insiders']));
    expect(getClient('cursor').detect(env)).toEqual({ detected: true, evidence: ['~/.cursor exists', 'cursor on PATH (/usr/local/bin/cursor)'] });
    expect(getClient('windsurf').detect(env)).toEqual({ detected: true, evidence: ['~/.codeium/windsurf-next exists'] });
    expect(getClient('vscode').detect(env)).toEqual({ detected: true, evidence: ['code-insiders on PATH (/usr/bin/code-insiders)'] });
    expect(getClient('zed').detect(env)).toEqual({ detected: false, evidence: [] });
    // Windsurf Next alone is installed: the install writes its file only.
    expect(installLocations(getClient('windsurf'), env, 'user').map((location) => location.variant)).toEqual(['Windsurf Next']);
  });

  it('finds Windows binaries through PATHEXT, but does not drive an npm-installed claude.cmd', () => {
    const exe = machine('win32', fakeDisk([], ['C:\\Program Files\\nodejs\\claude.exe']));
    expect(getClient('claude-code').cli!(exe)).toBe('C:\\Program Files\\nodejs\\claude.exe');
    // npm also puts an extensionless shell script next to the .cmd: it is not a Windows program.
    const cmd = machine('win32', fakeDisk([], ['C:\\Program Files\\nodejs\\claude', 'C:\\Program Files\\nodejs\\claude.cmd']));
    expect(getClient('claude-code').detect(cmd).evidence).toEqual(['claude on PATH (C:\\Program Files\\nodejs\\claude.cmd)']);
    expect(getClient('claude-code').cli!(cmd)).toBeUndefined();
  });
});
