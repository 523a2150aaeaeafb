import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CLIENTS,
  getClient,
  installerEnv,
  type ClientId,
  type FileProbe,
  type InstallerEnv,
  type Platform,
  type Scope,
} from '../../src/installer/index.js';
import { installLocations } from '../../src/installer/clients/index.js';

/** A disk holding exactly these files (and their folders). */
function fileDisk(files: string[]): FileProbe {
  return {
    isDirectory: (p) => files.some((file) => file.startsWith(`${p}/`)),
    isExecutable: () => false,
    list: (dir) => files.filter((file) => path.posix.dirname(file) === dir).map((file) => path.posix.basename(file)),
  };
}

/** A disk described by the folders and executables on it, so any platform's layout can be probed on Linux. */
function fakeDisk(folders: string[], executables: string[] = []): FileProbe {
  return {
    isDirectory: (p) => folders.includes(p),
    isExecutable: (p) => executables.includes(p),
    list: (dir) =>
      folders
        .filter((folder) => folder.startsWith(`${dir}\\`) || folder.startsWith(`${dir}/`))
        .map((folder) => folder.slice(dir.length + 1).split(/[\\/]/)[0]!),
  };
}

const MACHINES: Record<Platform, Partial<InstallerEnv>> = {
  darwin: {
    platform: 'darwin',
    home: '/Users/ada',
    xdgConfigHome: '/Users/ada/.config',
    cwd: '/Users/ada/code/app',
    pathEnv: '/usr/local/bin:/usr/bin',
  },
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
  return getClient(id)
    .locations(env, scope)
    .filter((location) => !location.readOnly)
    .map((location) => location.file);
}

describe('user config paths on each platform', () => {
  const expected: Record<Platform, Record<ClientId, string[]>> = {
    darwin: {
      'claude-desktop': ['/Users/ada/Library/Application Support/Claude/claude_desktop_config.json'],
      cursor: ['/Users/ada/.cursor/mcp.json'],
      windsurf: ['/Users/ada/.codeium/windsurf/mcp_config.json', '/Users/ada/.codeium/windsurf-next/mcp_config.json'],
      vscode: ['/Users/ada/Library/Application Support/Code/User/mcp.json'],
      'vscode-insiders': ['/Users/ada/Library/Application Support/Code - Insiders/User/mcp.json'],
      zed: ['/Users/ada/.config/zed/settings.json'],
      'claude-code': ['/Users/ada/.claude.json'],
      cline: [
        '/Users/ada/.cline/data/settings/cline_mcp_settings.json',
        '/Users/ada/Library/Application Support/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json',
        '/Users/ada/Library/Application Support/Code - Insiders/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json',
      ],
      'roo-code': [
        '/Users/ada/Library/Application Support/Code/User/globalStorage/rooveterinaryinc.roo-cline/settings/mcp_settings.json',
        '/Users/ada/Library/Application Support/Code - Insiders/User/globalStorage/rooveterinaryinc.roo-cline/settings/mcp_settings.json',
      ],
      'kilo-code': [
        '/Users/ada/.config/kilo/kilo.json',
        '/Users/ada/.config/kilo/kilo.jsonc',
        '/Users/ada/Library/Application Support/Code/User/globalStorage/kilocode.kilo-code/settings/mcp_settings.json',
        '/Users/ada/Library/Application Support/Code - Insiders/User/globalStorage/kilocode.kilo-code/settings/mcp_settings.json',
      ],
      'gemini-cli': ['/Users/ada/.gemini/settings.json'],
      'qwen-code': ['/Users/ada/.qwen/settings.json'],
      codex: ['/Users/ada/.codex/config.toml'],
      opencode: [
        '/Users/ada/.config/opencode/opencode.json',
        '/Users/ada/.config/opencode/opencode.jsonc',
        '/Users/ada/.config/opencode/config.json',
      ],
      goose: ['/Users/ada/.config/goose/config.yaml'],
      continue: ['/Users/ada/.continue/config.yaml'],
      'copilot-cli': ['/Users/ada/.copilot/mcp-config.json'],
      kiro: ['/Users/ada/.kiro/settings/mcp.json'],
      antigravity: ['/Users/ada/.gemini/antigravity/mcp_config.json'],
      'lm-studio': ['/Users/ada/.lmstudio/mcp.json', '/Users/ada/.cache/lm-studio/mcp.json'],
    },
    linux: {
      'claude-desktop': ['/home/ada/.config/Claude/claude_desktop_config.json'],
      cursor: ['/home/ada/.cursor/mcp.json'],
      windsurf: ['/home/ada/.codeium/windsurf/mcp_config.json', '/home/ada/.codeium/windsurf-next/mcp_config.json'],
      vscode: ['/home/ada/.config/Code/User/mcp.json'],
      'vscode-insiders': ['/home/ada/.config/Code - Insiders/User/mcp.json'],
      zed: ['/home/ada/.config/zed/settings.json'],
      'claude-code': ['/home/ada/.claude.json'],
      cline: [
        '/home/ada/.cline/data/settings/cline_mcp_settings.json',
        '/home/ada/.config/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json',
        '/home/ada/.config/Code - Insiders/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json',
      ],
      'roo-code': [
        '/home/ada/.config/Code/User/globalStorage/rooveterinaryinc.roo-cline/settings/mcp_settings.json',
        '/home/ada/.config/Code - Insiders/User/globalStorage/rooveterinaryinc.roo-cline/settings/mcp_settings.json',
      ],
      'kilo-code': [
        '/home/ada/.config/kilo/kilo.json',
        '/home/ada/.config/kilo/kilo.jsonc',
        '/home/ada/.config/Code/User/globalStorage/kilocode.kilo-code/settings/mcp_settings.json',
        '/home/ada/.config/Code - Insiders/User/globalStorage/kilocode.kilo-code/settings/mcp_settings.json',
      ],
      'gemini-cli': ['/home/ada/.gemini/settings.json'],
      'qwen-code': ['/home/ada/.qwen/settings.json'],
      codex: ['/home/ada/.codex/config.toml'],
      opencode: ['/home/ada/.config/opencode/opencode.json', '/home/ada/.config/opencode/opencode.jsonc', '/home/ada/.config/opencode/config.json'],
      goose: ['/home/ada/.config/goose/config.yaml'],
      continue: ['/home/ada/.continue/config.yaml'],
      'copilot-cli': ['/home/ada/.copilot/mcp-config.json'],
      kiro: ['/home/ada/.kiro/settings/mcp.json'],
      antigravity: ['/home/ada/.gemini/antigravity/mcp_config.json'],
      'lm-studio': ['/home/ada/.lmstudio/mcp.json', '/home/ada/.cache/lm-studio/mcp.json'],
    },
    win32: {
      'claude-desktop': ['C:\\Users\\Ada\\AppData\\Roaming\\Claude\\claude_desktop_config.json'],
      cursor: ['C:\\Users\\Ada\\.cursor\\mcp.json'],
      windsurf: ['C:\\Users\\Ada\\.codeium\\windsurf\\mcp_config.json', 'C:\\Users\\Ada\\.codeium\\windsurf-next\\mcp_config.json'],
      vscode: ['C:\\Users\\Ada\\AppData\\Roaming\\Code\\User\\mcp.json'],
      'vscode-insiders': ['C:\\Users\\Ada\\AppData\\Roaming\\Code - Insiders\\User\\mcp.json'],
      zed: ['C:\\Users\\Ada\\AppData\\Roaming\\Zed\\settings.json'],
      'claude-code': ['C:\\Users\\Ada\\.claude.json'],
      cline: [
        'C:\\Users\\Ada\\.cline\\data\\settings\\cline_mcp_settings.json',
        'C:\\Users\\Ada\\AppData\\Roaming\\Code\\User\\globalStorage\\saoudrizwan.claude-dev\\settings\\cline_mcp_settings.json',
        'C:\\Users\\Ada\\AppData\\Roaming\\Code - Insiders\\User\\globalStorage\\saoudrizwan.claude-dev\\settings\\cline_mcp_settings.json',
      ],
      'roo-code': [
        'C:\\Users\\Ada\\AppData\\Roaming\\Code\\User\\globalStorage\\rooveterinaryinc.roo-cline\\settings\\mcp_settings.json',
        'C:\\Users\\Ada\\AppData\\Roaming\\Code - Insiders\\User\\globalStorage\\rooveterinaryinc.roo-cline\\settings\\mcp_settings.json',
      ],
      'kilo-code': [
        'C:\\Users\\Ada\\.config\\kilo\\kilo.json',
        'C:\\Users\\Ada\\.config\\kilo\\kilo.jsonc',
        'C:\\Users\\Ada\\AppData\\Roaming\\Code\\User\\globalStorage\\kilocode.kilo-code\\settings\\mcp_settings.json',
        'C:\\Users\\Ada\\AppData\\Roaming\\Code - Insiders\\User\\globalStorage\\kilocode.kilo-code\\settings\\mcp_settings.json',
      ],
      'gemini-cli': ['C:\\Users\\Ada\\.gemini\\settings.json'],
      'qwen-code': ['C:\\Users\\Ada\\.qwen\\settings.json'],
      codex: ['C:\\Users\\Ada\\.codex\\config.toml'],
      opencode: [
        'C:\\Users\\Ada\\.config\\opencode\\opencode.json',
        'C:\\Users\\Ada\\.config\\opencode\\opencode.jsonc',
        'C:\\Users\\Ada\\.config\\opencode\\config.json',
      ],
      goose: ['C:\\Users\\Ada\\AppData\\Roaming\\Block\\goose\\config\\config.yaml'],
      continue: ['C:\\Users\\Ada\\.continue\\config.yaml'],
      'copilot-cli': ['C:\\Users\\Ada\\.copilot\\mcp-config.json'],
      kiro: ['C:\\Users\\Ada\\.kiro\\settings\\mcp.json'],
      antigravity: ['C:\\Users\\Ada\\.gemini\\antigravity\\mcp_config.json'],
      'lm-studio': ['C:\\Users\\Ada\\.lmstudio\\mcp.json', 'C:\\Users\\Ada\\.cache\\lm-studio\\mcp.json'],
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

  it('follows the variables that move Codex, Gemini CLI, Copilot CLI and Cline', () => {
    const base = { platform: 'linux', home: '/home/ada', cwd: '/w', orchestratorHome: '/x' } as const;
    const env = installerEnv(base, { CODEX_HOME: '/cx', GEMINI_CLI_HOME: '/gh', COPILOT_HOME: '/cp', CLINE_DIR: '/cl' });
    expect(files('codex', env, 'user')).toEqual(['/cx/config.toml']);
    expect(files('gemini-cli', env, 'user')).toEqual(['/gh/.gemini/settings.json']);
    expect(files('copilot-cli', env, 'user')).toEqual(['/cp/mcp-config.json']);
    expect(files('cline', env, 'user')[0]).toBe('/cl/data/settings/cline_mcp_settings.json');
    expect(files('cline', installerEnv(base, { CLINE_DIR: '/cl', CLINE_DATA_DIR: '/data' }), 'user')[0]).toBe(
      '/data/settings/cline_mcp_settings.json',
    );
    expect(files('cline', installerEnv(base, { CLINE_DATA_DIR: '/data', CLINE_MCP_SETTINGS_PATH: '/m.json' }), 'user')[0]).toBe('/m.json');
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
    expect(getClient('claude-desktop').detect(env)).toEqual({
      detected: true,
      evidence: ['~\\AppData\\Local\\Packages\\Claude_pzs8sxrjxfjjc exists'],
    });
    // Only the Store build is installed: only its file is written.
    expect(installLocations(getClient('claude-desktop'), env, 'user').map((location) => location.variant)).toEqual([
      'Microsoft Store (Claude_pzs8sxrjxfjjc)',
    ]);
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

describe('which files an install writes', () => {
  const shared = '/home/ada/.cline/data/settings/cline_mcp_settings.json';
  const legacy = '/home/ada/.config/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json';
  const targets = (id: ClientId, env: InstallerEnv, scope: Scope = 'user') =>
    installLocations(getClient(id), env, scope).map((location) => location.file);

  it('Cline: the shared file, and the old globalStorage file while Cline has not moved to the shared one', () => {
    expect(targets('cline', machine('linux', fakeDisk([])))).toEqual([shared]);
    expect(targets('cline', machine('linux', fileDisk([legacy])))).toEqual([shared, legacy]);
    expect(targets('cline', machine('linux', fileDisk([legacy, shared])))).toEqual([shared]);
  });

  it("opencode and Kilo Code: the name that exists, else the default; Kilo's legacy file only while the current Kilo has none", () => {
    expect(targets('opencode', machine('linux'))).toEqual(['/home/ada/.config/opencode/opencode.json']);
    expect(targets('opencode', machine('linux', fileDisk(['/home/ada/.config/opencode/opencode.jsonc'])))).toEqual([
      '/home/ada/.config/opencode/opencode.jsonc',
    ]);
    expect(targets('opencode', machine('linux', fileDisk(['/home/ada/code/app/opencode.jsonc'])), 'project')).toEqual([
      '/home/ada/code/app/opencode.jsonc',
    ]);
    const kiloLegacy = '/home/ada/.config/Code/User/globalStorage/kilocode.kilo-code/settings/mcp_settings.json';
    expect(targets('kilo-code', machine('linux', fileDisk([kiloLegacy])))).toEqual(['/home/ada/.config/kilo/kilo.jsonc', kiloLegacy]);
    expect(targets('kilo-code', machine('linux', fileDisk([kiloLegacy, '/home/ada/.config/kilo/kilo.json'])))).toEqual([
      '/home/ada/.config/kilo/kilo.json',
    ]);
    expect(targets('kilo-code', machine('linux'), 'project')).toEqual(['/home/ada/code/app/.kilo/kilo.jsonc']);
  });

  it('Roo Code and LM Studio: every build whose folder exists', () => {
    const insiders = '/home/ada/.config/Code - Insiders/User/globalStorage/rooveterinaryinc.roo-cline';
    expect(targets('roo-code', machine('linux', fakeDisk([insiders])))).toEqual([`${insiders}/settings/mcp_settings.json`]);
    expect(targets('lm-studio', machine('linux', fakeDisk(['/home/ada/.cache/lm-studio'])))).toEqual(['/home/ada/.cache/lm-studio/mcp.json']);
  });
});

describe('project and local scopes', () => {
  it('are relative to the working directory', () => {
    const env = machine('win32');
    expect(files('cursor', env, 'project')).toEqual(['C:\\code\\app\\.cursor\\mcp.json']);
    expect(files('vscode', env, 'project')).toEqual(['C:\\code\\app\\.vscode\\mcp.json']);
    expect(files('zed', env, 'project')).toEqual(['C:\\code\\app\\.zed\\settings.json']);
    expect(files('claude-code', env, 'project')).toEqual(['C:\\code\\app\\.mcp.json']);
    expect(files('gemini-cli', env, 'project')).toEqual(['C:\\code\\app\\.gemini\\settings.json']);
    expect(files('qwen-code', env, 'project')).toEqual(['C:\\code\\app\\.qwen\\settings.json']);
    expect(files('roo-code', env, 'project')).toEqual(['C:\\code\\app\\.roo\\mcp.json']);
    expect(files('kiro', env, 'project')).toEqual(['C:\\code\\app\\.kiro\\settings\\mcp.json']);
    // Copilot CLI reads .github/mcp.json, not the .mcp.json that Claude Code owns.
    expect(files('copilot-cli', env, 'project')).toEqual(['C:\\code\\app\\.github\\mcp.json']);
    expect(files('opencode', env, 'project')).toEqual(['C:\\code\\app\\opencode.json', 'C:\\code\\app\\opencode.jsonc']);
    // Claude Code keys projects with forward slashes, on Windows too.
    expect(getClient('claude-code').locations(env, 'local')[0]!.section).toEqual(['projects', 'C:/code/app', 'mcpServers']);
  });

  it('do not exist for the clients that read one user file only', () => {
    const env = machine('linux');
    for (const id of ['claude-desktop', 'windsurf', 'cline', 'codex', 'goose', 'continue', 'antigravity', 'lm-studio'] as const)
      expect(files(id, env, 'project'), id).toEqual([]);
  });
});

describe('detection', () => {
  it('reports each piece of evidence: config folders and binaries on PATH', () => {
    const env = machine(
      'darwin',
      fakeDisk(['/Users/ada/.cursor', '/Users/ada/.codeium/windsurf-next'], ['/usr/local/bin/cursor', '/usr/bin/code-insiders']),
    );
    expect(getClient('cursor').detect(env)).toEqual({ detected: true, evidence: ['~/.cursor exists', 'cursor on PATH (/usr/local/bin/cursor)'] });
    expect(getClient('windsurf').detect(env)).toEqual({ detected: true, evidence: ['~/.codeium/windsurf-next exists'] });
    expect(getClient('vscode').detect(env)).toEqual({ detected: false, evidence: [] });
    expect(getClient('vscode-insiders').detect(env)).toEqual({ detected: true, evidence: ['code-insiders on PATH (/usr/bin/code-insiders)'] });
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
