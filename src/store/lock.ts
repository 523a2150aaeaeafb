import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import lockfile from 'proper-lockfile';
import { OrchestratorError } from '../errors.js';

export interface LockSettings {
  /** A lock whose directory has not been touched for this long is taken over (proper-lockfile's minimum is 2 s). */
  staleMs: number;
  /** How long to keep retrying before giving up with an error naming the holder. */
  waitMs: number;
}

/** Whoever holds the lock writes this next to it, so `orchestrator doctor` can say who holds a lock. */
export interface LockOwner {
  pid: number;
  host: string;
  acquiredAt: string;
}

const MIN_STALE_MS = 2_000;
const MAX_RETRY_DELAY_MS = 25;

export function lockSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): LockSettings {
  const staleMs = Math.max(MIN_STALE_MS, positiveInt(env.ORCHESTRATOR_LOCK_STALE_MS) ?? 10_000);
  // Waiting a little longer than the stale timeout means a lock left by a killed process is always taken over.
  const waitMs = positiveInt(env.ORCHESTRATOR_LOCK_WAIT_MS) ?? staleMs + 5_000;
  return { staleMs, waitMs };
}

export function lockPath(file: string): string {
  return `${file}.lock`;
}

export function lockOwnerPath(file: string): string {
  return `${file}.lock-owner`;
}

export function readLockOwner(file: string): LockOwner | undefined {
  try {
    return JSON.parse(readFileSync(lockOwnerPath(file), 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

/**
 * Takes the inter-process lock on `file`. Returns the release function. Retries are short and frequent,
 * tuned for locks that are held for milliseconds.
 */
export async function acquireFileLock(file: string, settings: LockSettings): Promise<() => Promise<void>> {
  let compromised: Error | undefined;
  const common = {
    realpath: false,
    stale: settings.staleMs,
    update: Math.floor(settings.staleMs / 2),
    // The default throws from a timer; a server must report it instead of crashing.
    onCompromised: (error: Error) => {
      compromised = error;
    },
  };
  let release: () => Promise<void> | void;
  try {
    // Uncontended, the synchronous attempt takes the lock without a round trip through the thread pool per
    // file-system call; only when the lock is busy does it fall back to waiting with retries.
    release = tryLockSync(file, common) ?? (await lockfile.lock(file, {
      ...common,
      retries: {
        retries: settings.waitMs === 0 ? 0 : 20 + Math.ceil(settings.waitMs / MAX_RETRY_DELAY_MS),
        factor: 1.5,
        minTimeout: 1,
        maxTimeout: MAX_RETRY_DELAY_MS,
        randomize: true,
      },
    }));
  } catch (error) {
    throw lockError(file, settings, error);
  }
  writeOwner(file);
  return async () => {
    // Removed while the lock is still ours, so the record never describes a lock somebody else holds.
    if (!compromised) removeOwner(file);
    try {
      await release();
    } catch (error) {
      if (!compromised) throw error;
    }
    if (compromised) {
      throw new OrchestratorError(`The lock on ${file} was taken over while it was held: ${compromised.message}`, {
        code: 'LOCKED',
        hint: 'A change may have been overwritten by another process. Raise ORCHESTRATOR_LOCK_STALE_MS if writes are slow.',
        cause: compromised,
      });
    }
  };
}

function tryLockSync(file: string, options: lockfile.LockOptions): (() => void) | undefined {
  try {
    return lockfile.lockSync(file, options);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED') return undefined;
    throw error;
  }
}

/** What is on disk about a lock on `file`: undefined when nobody holds it. */
export interface LockInfo {
  lockDir: string;
  /** The lock directory's mtime: the holder refreshes it every staleMs / 2, a dead holder no longer does. */
  updatedAt: Date;
  /** Absent when the holder died before writing it, or wrote none. */
  owner?: LockOwner;
}

export function lockInfo(file: string): LockInfo | undefined {
  const lockDir = lockPath(file);
  let updatedAt: Date;
  try {
    updatedAt = statSync(lockDir).mtime;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const owner = readLockOwner(file);
  return { lockDir, updatedAt, ...(owner && { owner }) };
}

/**
 * Removes a lock that has not been refreshed for `staleMs`, the way every writer would take it over: through
 * proper-lockfile, then releasing it at once (which also removes the owner record). Returns false, touching
 * nothing, when the lock is fresh (held by a live process) or was taken by another process in the meantime.
 * Whether the holder is alive is for the caller to decide first: this only looks at the lock's age.
 */
export async function breakStaleLock(file: string, staleMs: number): Promise<boolean> {
  let release: () => Promise<void>;
  try {
    release = await acquireFileLock(file, { staleMs, waitMs: 0 });
  } catch (error) {
    if (error instanceof OrchestratorError && error.code === 'LOCKED') return false;
    throw error;
  }
  await release();
  return true;
}

function removeOwner(file: string): void {
  try {
    rmSync(lockOwnerPath(file), { force: true });
  } catch {
    // Only diagnostics read the owner record.
  }
}

function writeOwner(file: string): void {
  const owner: LockOwner = { pid: process.pid, host: hostname(), acquiredAt: new Date().toISOString() };
  try {
    writeFileSync(lockOwnerPath(file), JSON.stringify(owner));
  } catch {
    // Only diagnostics read the owner record; a failure to write it must not fail the change.
  }
}

function lockError(file: string, settings: LockSettings, error: unknown): OrchestratorError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ELOCKED') {
    const owner = readLockOwner(file);
    const holder = owner ? ` by pid ${owner.pid} on ${owner.host} since ${owner.acquiredAt}` : '';
    return new OrchestratorError(`${file} is locked${holder}; gave up after ${settings.waitMs} ms.`, {
      code: 'LOCKED',
      hint: 'If that process is gone, run `orchestrator doctor --cleanup-locks`; otherwise try again.',
      cause: error,
    });
  }
  return new OrchestratorError(`Could not lock ${file}: ${(error as Error).message}`, {
    code: 'IO',
    hint: 'Check that the data directory exists and is writable.',
    cause: error,
  });
}

function positiveInt(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}
