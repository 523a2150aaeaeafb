import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { onTestFinished } from 'vitest';

const storeModule = pathToFileURL(path.resolve('dist/store/index.js')).href;

export interface LockHolder {
  pid: number;
  /** Stops the holder with SIGSTOP (it keeps the lock, alive but frozen); resumed before it is killed. */
  stop(): void;
  /** Resumes a stopped holder with SIGCONT. */
  resume(): void;
  /** Kills the holder with SIGKILL (no chance to release) and resolves when it is gone. */
  kill(): Promise<void>;
}

/**
 * Starts a node process that takes the lock on `file` with the store's own `acquireFileLock` and keeps it until
 * killed. Needs the built dist (`npm test` builds first). The process is killed when the test finishes.
 */
export async function holdLock(file: string, staleMs = 2_000): Promise<LockHolder> {
  const script = `
    const { acquireFileLock } = await import(${JSON.stringify(storeModule)});
    await acquireFileLock(${JSON.stringify(file)}, { staleMs: ${staleMs}, waitMs: 1000 });
    process.stdout.write('locked\\n');
    setInterval(() => {}, 60_000);
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  onTestFinished(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGCONT');
      child.kill('SIGKILL');
      await exited;
    }
  });
  await new Promise<void>((resolve, reject) => {
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`the lock holder did not take the lock within 10 s: ${stderr}`)), 10_000);
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('locked')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the lock holder exited with ${code}: ${stderr}`));
    });
  });
  return {
    pid: child.pid!,
    stop: () => void child.kill('SIGSTOP'),
    resume: () => void child.kill('SIGCONT'),
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Whether a process runs (signal 0 only checks). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The owner record inside the lock on `file`, if there is one. */
export function ownerRecordFile(file: string): string | undefined {
  const dir = `${file}.lock`;
  try {
    const name = readdirSync(dir).find((entry) => entry.startsWith('owner-'));
    return name && path.join(dir, name);
  } catch {
    return undefined;
  }
}

/** Writes a lock on `file` as a holder with this identity would have, without any process holding it. */
export function writeOwnerRecord(file: string, owner: { pid: number; host: string }): string {
  const dir = `${file}.lock`;
  mkdirSync(dir, { recursive: true });
  const token = `${owner.pid}-0123456789ab`;
  const record = path.join(dir, `owner-${token}.json`);
  writeFileSync(record, JSON.stringify({ ...owner, token, acquiredAt: new Date(0).toISOString() }));
  return record;
}
