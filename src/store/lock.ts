import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { OrchestratorError } from '../errors.js';
import { commandLine, currentProcess, isLocal, isRunning, pidExists, type ProcessIdentity } from './process-identity.js';

/**
 * The inter-process lock on a file, `<file>.lock`: a directory that holds one owner record,
 * `owner-<token>.json`, naming the process that holds it.
 *
 * - Taking it: a waiter prepares `<file>.lock.<token>.tmp/owner-<token>.json` and renames that directory to
 *   `<file>.lock`. A rename onto a directory that exists and is not empty fails, so exactly one waiter wins,
 *   and the lock never exists without its owner record.
 * - Taking over: only from a holder that is gone (a local process that no longer runs, checked by pid, start
 *   time and boot) or, for a holder on another host, one that has not refreshed its record for the stale
 *   timeout. A live local holder is never taken over, however long it holds the lock: a process stopped with
 *   Ctrl-Z, in a debugger or on a suspended laptop still holds it. The takeover removes the record of that
 *   particular holder (`owner-<its token>.json`): only one waiter's unlink of that name succeeds, and a waiter
 *   that judged an older holder can never remove a newer one's record, whose name differs.
 * - Releasing: the holder removes its own record, then the directory if it is empty; a lock that is no longer
 *   its own is left alone.
 */

export interface LockSettings {
  /** A lock held from another host is taken over when its holder has not refreshed it for this long. */
  staleMs: number;
  /** How long a waiter keeps trying before it gives up with an error naming the holder. */
  waitMs: number;
}

/** The owner record: who holds the lock. */
export interface LockOwner extends ProcessIdentity {
  token: string;
  acquiredAt: string;
}

export interface LockWait {
  waitedMs: number;
  holder: LockOwner | undefined;
}

export interface AcquireOptions {
  /** Aborting before the lock is taken rejects with CANCELLED; nothing was changed. */
  signal?: AbortSignal | undefined;
  /** Called about every half second while another process holds the lock. */
  onWait?: ((wait: LockWait) => void) | undefined;
}

/** A lock this process holds. */
export interface FileLock {
  readonly owner: LockOwner;
  /** Whether the lock is still this process's: checked just before a commit lands (the fence). */
  held(): boolean;
  /** Releases the lock if it is still ours. Throws LOCKED if it was taken over while held. */
  release(): Promise<void>;
}

const MIN_STALE_MS = 2_000;
const MAX_RETRY_DELAY_MS = 25;
const WAIT_REPORT_MS = 500;
const OWNER_PREFIX = 'owner-';

export function lockSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): LockSettings {
  const staleMs = Math.max(MIN_STALE_MS, positiveInt(env.ORCHESTRATOR_LOCK_STALE_MS) ?? 10_000);
  // Longer than the stale timeout, so that a lock held from another host that died is taken over in time.
  const waitMs = positiveInt(env.ORCHESTRATOR_LOCK_WAIT_MS) ?? staleMs + 5_000;
  return { staleMs, waitMs };
}

export function lockPath(file: string): string {
  return `${file}.lock`;
}

/** Takes the lock on `file` and returns its release function. */
export async function acquireFileLock(file: string, settings: LockSettings, options: AcquireOptions = {}): Promise<() => Promise<void>> {
  const lock = await acquireLock(file, settings, options);
  return () => lock.release();
}

/**
 * Takes the lock on `file`, waiting while another process holds it. Retries are short and frequent: changes
 * hold the lock for milliseconds.
 */
export async function acquireLock(file: string, settings: LockSettings, options: AcquireOptions = {}): Promise<FileLock> {
  const dir = lockPath(file);
  const owner = newOwner();
  const prepared = `${dir}.${owner.token}.tmp`;
  throwIfAborted(options.signal, `while waiting for the lock on ${path.basename(file)}`);
  try {
    mkdirSync(prepared);
    writeFileSync(path.join(prepared, ownerFileName(owner.token)), JSON.stringify(owner));
  } catch (error) {
    rmSync(prepared, { recursive: true, force: true });
    throw lockIoError(file, error);
  }

  const started = Date.now();
  let lastReport = started;
  let holder: LockOwner | undefined;
  try {
    for (let attempt = 0; ; attempt++) {
      if (tryRename(prepared, dir)) return heldLock(file, owner, settings);
      const current = takeOverIfAbandoned(dir, settings);
      holder = current ?? holder;
      const waited = Date.now() - started;
      if (waited >= settings.waitMs) throw busyError(file, holder, waited);
      if (current === undefined && attempt % 16 !== 15) continue; // released or taken over just now: try again at once
      if (options.onWait && Date.now() - lastReport >= WAIT_REPORT_MS) {
        lastReport = Date.now();
        options.onWait({ waitedMs: waited, holder });
      }
      const delay = Math.min(MAX_RETRY_DELAY_MS, 1.5 ** attempt) * (0.5 + Math.random() / 2);
      await sleep(delay, undefined, options.signal ? { signal: options.signal } : undefined).catch(() => undefined);
      throwIfAborted(options.signal, `while waiting for the lock on ${path.basename(file)}`);
    }
  } finally {
    // Gone after a successful rename; still here after a failure.
    rmSync(prepared, { recursive: true, force: true });
  }
}

function heldLock(file: string, owner: LockOwner, settings: LockSettings): FileLock {
  const record = path.join(lockPath(file), ownerFileName(owner.token));
  // Signs of life for waiters on other hosts, which cannot check our pid.
  const refresh = setInterval(
    () => {
      try {
        const now = new Date();
        utimesSync(record, now, now);
      } catch {
        // Released or taken over: release() reports it.
      }
    },
    Math.max(500, Math.floor(settings.staleMs / 3)),
  );
  refresh.unref();
  let released = false;
  return {
    owner,
    held: () => !released && existsSync(record),
    async release() {
      if (released) return;
      released = true;
      clearInterval(refresh);
      try {
        unlinkSync(record);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw lockIoError(file, error);
        throw new OrchestratorError(`The lock on ${file} was taken over while this process held it.`, {
          code: 'LOCKED',
          hint: `Another host judged it stale: raise ORCHESTRATOR_LOCK_STALE_MS (now ${settings.staleMs} ms) if changes there are slow.`,
        });
      }
      removeIfEmpty(lockPath(file));
    },
  };
}

/** Renames the prepared directory to the lock: false when somebody holds it. */
function tryRename(prepared: string, dir: string): boolean {
  try {
    renameSync(prepared, dir);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'EPERM' || code === 'EACCES' || code === 'EBUSY') {
      // Where a rename onto an empty directory is refused (Windows), an empty lock is a released one.
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') removeIfEmpty(dir);
      return false;
    }
    if (code === 'ENOENT') throw lockIoError(dir, error, 'The data directory was removed while waiting for its lock.');
    throw lockIoError(dir, error);
  }
}

/**
 * Looks at the lock's holder and takes the lock away from it if it is gone. Returns the holder while it
 * must be waited for; undefined when the lock may be free now (released, emptied, or taken over by us or by
 * another waiter).
 */
function takeOverIfAbandoned(dir: string, settings: LockSettings): LockOwner | undefined {
  const found = readOwnerRecord(dir);
  if (found === undefined) {
    removeIfEmpty(dir);
    return undefined;
  }
  // A directory this lock did not make is never taken over by a waiter; `doctor --cleanup-locks` removes it.
  if (found.file === undefined || !abandoned(found, settings.staleMs)) return found.owner;
  takeOver(dir, found);
  return undefined;
}

interface OwnerRecord {
  /** Absent for a lock directory that was not made by this lock (judged by its age alone). */
  file: string | undefined;
  owner: LockOwner;
  /** The record's mtime: refreshed by a live holder. */
  refreshedAt: number;
}

/**
 * The owner record in a lock directory; undefined when there is no lock, or an empty one (being released).
 * A lock directory with something else in it was not made by us: only its age can tell whether it is held.
 */
function readOwnerRecord(dir: string): OwnerRecord | undefined {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw lockIoError(dir, error);
  }
  const name = names.find((entry) => entry.startsWith(OWNER_PREFIX) && entry.endsWith('.json'));
  if (!name) {
    if (names.length === 0) return undefined;
    return { file: undefined, owner: unknownOwner(names[0]!), refreshedAt: mtimeOr(dir, Date.now()) };
  }
  const file = path.join(dir, name);
  const token = name.slice(OWNER_PREFIX.length, -'.json'.length);
  try {
    const refreshedAt = statSync(file).mtimeMs;
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockOwner>;
    const owner = {
      ...parsed,
      token,
      pid: Number(parsed.pid),
      host: String(parsed.host ?? ''),
      acquiredAt: String(parsed.acquiredAt ?? ''),
    } as LockOwner;
    return { file, owner, refreshedAt };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return { file, owner: unknownOwner(token), refreshedAt: mtimeOr(file, Date.now()) };
  }
}

function unknownOwner(token: string): LockOwner {
  return { token, pid: 0, host: '', acquiredAt: '' };
}

/**
 * Removes an abandoned holder's record, then the lock directory if that left it empty. Exactly one of the
 * waiters that judged this holder gone succeeds in removing its record; the others get false.
 */
function takeOver(dir: string, record: OwnerRecord): boolean {
  try {
    if (record.file === undefined) rmSync(dir, { recursive: true });
    else unlinkSync(record.file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw lockIoError(dir, error);
  }
  removeIfEmpty(dir);
  return true;
}

function abandoned(record: OwnerRecord, staleMs: number): boolean {
  return isAbandoned(record.owner, record.refreshedAt, staleMs);
}

/**
 * Whether a lock's holder is gone, the rule a waiter takes the lock over by (and doctor calls a lock stale by): no
 * holder at all (an empty lock), a local holder that no longer runs, or one whose process cannot be checked from
 * here (another host, an unknown record) that has not refreshed its record (`refreshedAt`) for `staleMs`.
 * `isAlive` answers as holderRunning does (the default): true or false for a local holder, undefined otherwise.
 */
export function isAbandoned(
  owner: LockOwner | undefined,
  refreshedAt: number,
  staleMs: number,
  options: { now?: number; isAlive?: (owner: LockOwner) => boolean | undefined } = {},
): boolean {
  if (!owner) return true;
  const alive = owner.host ? (options.isAlive ?? holderRunning)(owner) : undefined;
  if (alive !== undefined) return !alive;
  return (options.now ?? Date.now()) - refreshedAt > staleMs;
}

function newOwner(): LockOwner {
  const me = currentProcess();
  return { ...me, token: `${me.pid}-${randomBytes(6).toString('hex')}`, acquiredAt: new Date().toISOString() };
}

function ownerFileName(token: string): string {
  return `${OWNER_PREFIX}${token}.json`;
}

// ---- what diagnostics need -------------------------------------------------------------------------------------

/** What is on disk about a lock on `file`: undefined when nobody holds it. */
export interface LockInfo {
  lockDir: string;
  /** When the holder last refreshed its record (a live holder does so every few seconds). */
  updatedAt: Date;
  /** Absent for an empty lock directory: a release that did not finish. Nobody holds it; the next writer takes it. */
  owner?: LockOwner;
}

export function lockInfo(file: string): LockInfo | undefined {
  const lockDir = lockPath(file);
  const dirTime = mtimeOr(lockDir, undefined);
  if (dirTime === undefined) return undefined;
  const record = readOwnerRecord(lockDir);
  return { lockDir, updatedAt: new Date(record?.refreshedAt ?? dirTime), ...(record && { owner: record.owner }) };
}

export function readLockOwner(file: string): LockOwner | undefined {
  return readOwnerRecord(lockPath(file))?.owner;
}

/** Whether a lock's holder runs: true or false for a local holder, undefined for one on another host. */
export function holderRunning(owner: LockOwner): boolean | undefined {
  if (!owner.host || !isLocal(owner)) return undefined;
  return isRunning(owner);
}

/**
 * Removes the lock on `file` if its holder is gone, exactly as a waiter would take it over. Returns false,
 * touching nothing, when the holder may still run (or the lock was taken in the meantime).
 */
export function breakAbandonedLock(file: string, staleMs: number): boolean {
  const dir = lockPath(file);
  const record = readOwnerRecord(dir);
  if (record === undefined) return removeIfEmpty(dir);
  if (!abandoned(record, staleMs)) return false;
  return takeOver(dir, record);
}

/**
 * Removes what waiters that were killed while waiting left next to the lock on `file`: their prepared
 * directories. Returns how many it removed.
 */
export function sweepAbandonedLockFiles(file: string): number {
  const base = path.basename(lockPath(file));
  let names: string[];
  try {
    names = readdirSync(path.dirname(file));
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const match = name.startsWith(`${base}.`) && /^(\d+)-[0-9a-f]+\.tmp$/.exec(name.slice(base.length + 1));
    if (!match) continue;
    const prepared = path.join(path.dirname(file), name);
    const owner = readOwnerRecord(prepared)?.owner;
    const gone = owner && owner.host && isLocal(owner) ? !isRunning(owner) : !pidExists(Number(match[1]));
    if (!gone) continue;
    rmSync(prepared, { recursive: true, force: true });
    removed++;
  }
  return removed;
}

// ---- errors --------------------------------------------------------------------------------------------------

function busyError(file: string, holder: LockOwner | undefined, waitedMs: number): OrchestratorError {
  if (!holder) {
    return new OrchestratorError(`${path.basename(file)} stayed locked; gave up after ${Math.round(waitedMs / 100) / 10} s.`, {
      code: 'LOCKED',
      hint: `Nothing was changed. Run \`orchestrator doctor\` to see the lock ${lockPath(file)}.`,
      details: { file, waitedMs },
    });
  }
  const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;
  const local = holder.host !== '' && isLocal(holder);
  // Asked of the system when needed: the record names the process, not what it runs.
  const command = local ? commandLine(holder.pid) : undefined;
  const held = Date.parse(holder.acquiredAt);
  const since = Number.isNaN(held) ? '' : `, held for ${seconds(Date.now() - held)}`;
  const who = `pid ${holder.pid}${command ? ` (${abbreviate(command)})` : ''}${local ? '' : ` on ${holder.host || 'an unknown host'}`}`;
  const remedy = local
    ? `it is running: if it is stopped (Ctrl-Z, a debugger) resume it, or end it with \`kill ${holder.pid}\`, then retry`
    : `it runs on another host: stop it there, or wait; its lock is taken over once it has been silent for the stale timeout`;
  return new OrchestratorError(`${path.basename(file)} is locked by ${who}${since}; gave up after ${seconds(waitedMs)}: ${remedy}.`, {
    code: 'LOCKED',
    hint: `Nothing was changed. The lock is ${lockPath(file)}.`,
    details: { file, holder: { pid: holder.pid, host: holder.host, acquiredAt: holder.acquiredAt }, waitedMs },
  });
}

/** Throws CANCELLED, saying `when` it was cancelled, once `signal` is aborted: a change waits for nothing after that. */
export function throwIfAborted(signal: AbortSignal | undefined, when: string): void {
  if (!signal?.aborted) return;
  throw new OrchestratorError(`Cancelled ${when}; nothing was changed.`, { code: 'CANCELLED', cause: signal.reason });
}

function lockIoError(file: string, error: unknown, message?: string): OrchestratorError {
  return new OrchestratorError(message ?? `Could not lock ${file}: ${(error as Error).message}`, {
    code: 'IO',
    hint: 'Check that the data directory exists and is writable.',
    cause: error,
    details: { errno: (error as NodeJS.ErrnoException).code },
  });
}

// ---- small helpers -------------------------------------------------------------------------------------------

function removeIfEmpty(dir: string): boolean {
  try {
    rmdirSync(dir);
    return true;
  } catch {
    // Not empty (a new holder's lock), or gone already.
    return false;
  }
}

function mtimeOr<T>(file: string, fallback: T): number | T {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return fallback;
  }
}

function abbreviate(command: string): string {
  const words = command.trim().split(/\s+/);
  // `node /long/path/bin/orchestrator.js tasks next` reads better as `orchestrator.js tasks next`.
  const start = words.length > 1 && /(^|\/)node(\.exe)?$/.test(words[0]!) ? 1 : 0;
  const shown = words
    .slice(start)
    .map((word, i) => (i === 0 ? path.basename(word) : word))
    .join(' ');
  return shown.length > 80 ? `${shown.slice(0, 77)}...` : shown;
}

function positiveInt(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}
