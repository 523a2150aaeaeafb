import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { testdir } from './testdir.js';

const bin = path.resolve('bin/orchestrator.js');

export interface BinResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A temporary home with the data directory and every user-level path inside it. PATH is an empty folder, so no
 * MCP client installed on this machine (`code`, `claude`, ...) is detected by doctor.
 */
export function binEnv(extra: Record<string, string> = {}) {
  const root = testdir();
  const dataDir = path.join(root, 'data');
  const env: NodeJS.ProcessEnv = {
    PATH: path.join(root, 'bin'),
    HOME: root,
    USERPROFILE: root,
    APPDATA: path.join(root, 'AppData', 'Roaming'),
    XDG_CONFIG_HOME: path.join(root, '.config'),
    ORCHESTRATOR_HOME: path.join(root, 'home'),
    ORCHESTRATOR_DATA_DIR: dataDir,
    ORCHESTRATOR_LOCK_STALE_MS: '2000',
    NO_COLOR: '1',
    ...extra,
  };
  return { root, dataDir, env };
}

/** Runs the built binary with stdin closed (so it is never a terminal). */
export function runBin(args: string[], env: NodeJS.ProcessEnv, options: { cwd?: string } = {}): BinResult {
  const result = spawnSync(process.execPath, [bin, ...args], {
    env,
    cwd: options.cwd ?? (env.HOME as string),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs the binary with --json and parses stdout. */
export function runJson<T = Record<string, unknown>>(args: string[], env: NodeJS.ProcessEnv, options: { cwd?: string } = {}): BinResult & { json: T } {
  const result = runBin([...args, '--json'], env, options);
  let json: T;
  try {
    json = JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`stdout is not JSON (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  return { ...result, json };
}
