import { spawn, spawnSync, type ChildProcess, type StdioNull, type StdioPipe } from 'node:child_process';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';
import { testdir } from './testdir.js';

// The one place tests find the built binary and make the temporary homes it runs in. npm test builds first.

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const binPath = path.join(repoRoot, 'bin', 'orchestrator.js');
export const fixture = (name: string) => path.join(repoRoot, 'test', 'fixtures', name);

/**
 * An environment that keeps a spawned command inside `dir`: its home, orchestrator home, data directory and
 * every per-user config folder are there, never the real ones.
 */
export function isolatedEnv(dir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    USERPROFILE: dir,
    USER: 'tester',
    APPDATA: path.join(dir, 'AppData', 'Roaming'),
    XDG_CONFIG_HOME: path.join(dir, '.config'),
    ORCHESTRATOR_HOME: path.join(dir, 'home'),
    ORCHESTRATOR_DATA_DIR: path.join(dir, 'data'),
    NO_COLOR: '1',
    ...extra,
  };
}

/**
 * A fresh temporary home for the binary. PATH is an empty folder, so no MCP client installed on this machine
 * (`code`, `claude`, ...) is detected by doctor.
 */
export function binEnv(extra: NodeJS.ProcessEnv = {}) {
  const root = testdir();
  const dataDir = path.join(root, 'data');
  const env = isolatedEnv(root, { PATH: path.join(root, 'bin'), ORCHESTRATOR_LOCK_STALE_MS: '2000', ...extra });
  return { root, dataDir, env };
}

export interface BinResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built binary to the end with stdin closed (so it is never a terminal). */
export function runBin(args: string[], env: NodeJS.ProcessEnv, options: { cwd?: string; input?: string } = {}): BinResult {
  const result = spawnSync(process.execPath, [binPath, ...args], {
    env,
    cwd: options.cwd ?? (env.HOME as string),
    encoding: 'utf8',
    ...(options.input === undefined ? { stdio: ['ignore', 'pipe', 'pipe'] } : { input: options.input }),
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * A temporary root holding `files`, an isolated environment inside it, and the built binary run there with stdin
 * that is not a terminal: `run` gives the exit code and output, `json` adds `--json` and parses stdout.
 */
export function binSandbox(files: Record<string, string> = {}) {
  const root = testdir(files);
  const env = isolatedEnv(root);
  const run = (...args: string[]) => {
    const result = runBin(args, env, { cwd: root, input: '' });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  const json = (...args: string[]) => {
    const result = run(...args, '--json');
    return { ...result, body: JSON.parse(result.stdout) as Record<string, any> };
  };
  return { root, env, run, json };
}

/** Root ignores file permissions: as root, permission cases are shown by running the binary as this user. */
export const asRoot = process.getuid?.() === 0;
const NOBODY = 65534;

/**
 * Runs the built binary as a user file permissions apply to: this user, or `nobody` when the tests run as root
 * (the folders it must reach have to be open to others then).
 */
export function runBinUnprivileged(args: string[], env: NodeJS.ProcessEnv, options: { cwd?: string } = {}): BinResult {
  const result = spawnSync(process.execPath, [binPath, ...args], {
    env,
    cwd: options.cwd ?? '/',
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 30_000,
    ...(asRoot && { uid: NOBODY, gid: NOBODY }),
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs the binary with --json and parses stdout. */
export function runJson<T = Record<string, unknown>>(
  args: string[],
  env: NodeJS.ProcessEnv,
  options: { cwd?: string } = {},
): BinResult & { json: T } {
  const result = runBin([...args, '--json'], env, options);
  let json: T;
  try {
    json = JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`stdout is not JSON (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  return { ...result, json };
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export type Started = ChildProcess & { output: Promise<Finished>; readonly stdoutSoFar: string };

/**
 * Starts a node script (or node with the given flags); the process is killed when the test finishes if it is
 * still running. stdin is closed unless `stdin: 'pipe'`.
 */
export function startNode(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  options: { stdin?: StdioPipe | StdioNull } = {},
): Started {
  const child = spawn(process.execPath, [script, ...args], { env, stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const output = new Promise<Finished>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  // Object.assign would read the getter once; defineProperty keeps it a getter.
  return Object.defineProperty(Object.assign(child, { output }), 'stdoutSoFar', { get: () => stdout }) as Started;
}

/** Runs the built CLI and collects its output. */
export function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<Finished> {
  return startNode(binPath, args, env).output;
}

type Piped = Started & { stdin: Writable; stdout: Readable; stderr: Readable };

/** Spawns the binary with every stdio piped; `done` resolves the exit code and output when it ends. */
export function spawnBin(args: string[], env: NodeJS.ProcessEnv): { child: Piped; done: Promise<Finished> } {
  const child = startNode(binPath, args, env, { stdin: 'pipe' }) as Piped;
  return { child, done: child.output };
}

/** Resolves once the child has printed `text` on stdout (bounded by `timeoutMs`). */
export function waitForOutput(child: ChildProcess, text: string, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for "${text}"; got: ${seen.slice(-500)}`)), timeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes(text)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

/** Resolves when `probe()` returns a value, checking every 20 ms, for at most `ms`. */
export async function waitFor<T>(probe: () => T | undefined, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
