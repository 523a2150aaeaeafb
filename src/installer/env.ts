import { accessSync, constants, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { resolveOrchestratorHome } from '../store/data-dir.js';

export type Platform = 'darwin' | 'win32' | 'linux';

/** The few questions the installer asks the file system, so tests can describe another machine's disk. */
export interface FileProbe {
  isDirectory(p: string): boolean;
  isExecutable(p: string): boolean;
  list(dir: string): string[];
}

/**
 * Everything about the machine that decides where clients keep their configs. Built from the process by
 * `installerEnv()`, or by hand in tests so that macOS and Windows paths are computed (and checked) on Linux.
 */
export interface InstallerEnv {
  platform: Platform;
  home: string;
  /** Windows %APPDATA% (roaming). */
  appData: string;
  /** Windows %LOCALAPPDATA%. */
  localAppData: string;
  /** $XDG_CONFIG_HOME, or ~/.config. */
  xdgConfigHome: string;
  /** $CLAUDE_CONFIG_DIR: where Claude Code keeps .claude.json instead of the home directory. */
  claudeConfigDir: string | undefined;
  /** The variables other clients read to move their config (CLIENT_VARIABLES), as set. */
  vars: Partial<Record<ClientVariable, string>>;
  /** The project that project- and local-scope configs belong to. */
  cwd: string;
  pathEnv: string;
  /** Windows %PATHEXT%: the suffixes that make a file runnable. */
  pathExt: string;
  /** Where installer backups live (ORCHESTRATOR_HOME). */
  orchestratorHome: string;
  probe: FileProbe;
}

/** Variables that move a client's config folder or file; see each client's descriptor. */
export const CLIENT_VARIABLES = ['CODEX_HOME', 'GEMINI_CLI_HOME', 'COPILOT_HOME', 'CLINE_DIR', 'CLINE_DATA_DIR', 'CLINE_MCP_SETTINGS_PATH'] as const;
export type ClientVariable = (typeof CLIENT_VARIABLES)[number];

export const diskProbe: FileProbe = {
  isDirectory(p) {
    try {
      return statSync(p).isDirectory();
    } catch {
      return false;
    }
  },
  isExecutable(p) {
    try {
      if (!statSync(p).isFile()) return false;
      accessSync(p, process.platform === 'win32' ? constants.F_OK : constants.X_OK);
      return true;
    } catch {
      return false;
    }
  },
  list(dir) {
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  },
};

export function toPlatform(value: string): Platform {
  return value === 'darwin' || value === 'win32' ? value : 'linux';
}

/** The environment of this process, with any field replaced by `overrides`. */
export function installerEnv(overrides: Partial<InstallerEnv> = {}, env: NodeJS.ProcessEnv = process.env): InstallerEnv {
  const platform = overrides.platform ?? toPlatform(process.platform);
  const p = platform === 'win32' ? path.win32 : path.posix;
  const home = overrides.home ?? homedir();
  const xdg = env.XDG_CONFIG_HOME;
  return {
    platform,
    home,
    appData: env.APPDATA || p.join(home, 'AppData', 'Roaming'),
    localAppData: env.LOCALAPPDATA || p.join(home, 'AppData', 'Local'),
    // The XDG spec says a relative value is invalid and must be ignored.
    xdgConfigHome: xdg && p.isAbsolute(xdg) ? xdg : p.join(home, '.config'),
    claudeConfigDir: env.CLAUDE_CONFIG_DIR || undefined,
    vars: Object.fromEntries(CLIENT_VARIABLES.filter((name) => env[name]).map((name) => [name, env[name]!])),
    cwd: process.cwd(),
    pathEnv: env.PATH ?? env.Path ?? '',
    pathExt: env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD',
    orchestratorHome: resolveOrchestratorHome(env, home),
    probe: diskProbe,
    ...overrides,
  };
}

/** Path functions of the target platform (Windows paths are built with backslashes even on Linux). */
export function pathsOf(env: Pick<InstallerEnv, 'platform'>): path.PlatformPath {
  return env.platform === 'win32' ? path.win32 : path.posix;
}

/** The absolute path of `name` found on PATH, as a shell would find it, or undefined. */
export function findOnPath(env: InstallerEnv, name: string): string | undefined {
  const p = pathsOf(env);
  const dirs = env.pathEnv.split(env.platform === 'win32' ? ';' : ':').filter(Boolean);
  // Windows runs only names with a PATHEXT suffix: npm puts an extensionless shell script for Git Bash next to
  // `claude.cmd`, and that one cannot be started from Node.
  const suffixes =
    env.platform === 'win32'
      ? env.pathExt
          .split(';')
          .filter(Boolean)
          .map((s) => s.toLowerCase())
      : [''];
  for (const dir of dirs) {
    for (const suffix of suffixes) {
      const candidate = p.join(dir, name + suffix);
      if (env.probe.isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

/** Whether `file` exists, asked through the probe (a folder listing), so tests can describe any disk. */
export function fileExists(env: Pick<InstallerEnv, 'platform' | 'probe'>, file: string): boolean {
  const p = pathsOf(env);
  return env.probe.list(p.dirname(file)).includes(p.basename(file));
}

/** `~/…` for paths under the home directory: shorter to read, and the same on every machine. */
export function displayPath(env: Pick<InstallerEnv, 'home' | 'platform'>, file: string): string {
  const p = env.platform === 'win32' ? path.win32 : path.posix;
  const relative = p.relative(env.home, file);
  if (relative === '') return '~';
  if (!relative.startsWith('..') && !p.isAbsolute(relative)) return `~${p.sep}${relative}`;
  return file;
}
