import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const fixture = (name: string) => path.join(repoRoot, 'test', 'fixtures', name);
export const binPath = path.join(repoRoot, 'bin', 'orchestrator.js');

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts a node script; the process is killed when the test finishes if it is still running. */
export function startNode(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  options: { stdin?: 'ignore' | 'pipe' } = {},
): ChildProcess & { output: Promise<Finished> } {
  const child = spawn(process.execPath, [script, ...args], { env, stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const output = new Promise<Finished>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return Object.assign(child, { output, get stdoutSoFar() { return stdout; } });
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

/** Runs the built CLI and collects its output. */
export function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<Finished> {
  return startNode(binPath, args, env).output;
}

/** An environment for spawned commands that keeps them inside `dir` (never the real home directory). */
export function isolatedEnv(dir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: dir,
    USER: 'tester',
    ORCHESTRATOR_HOME: path.join(dir, 'home'),
    ORCHESTRATOR_DATA_DIR: path.join(dir, 'data'),
    NO_COLOR: '1',
    ...extra,
  };
}
