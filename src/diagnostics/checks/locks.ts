import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { breakAbandonedLock, lockInfo } from '../../store/index.js';
import { formatDuration } from '../format.js';
import { judgeLock, type LockState } from '../lock-state.js';
import type { Check, CheckResult, DiagnosticsContext, FixRecord } from '../types.js';

/** A lock held this long by a running process is worth a warning: changes hold it for milliseconds. */
const LONG_HOLD_MS = 60_000;
const LOCK_SUFFIX = '.lock';

/**
 * The store's lock and any other lock in the data directory: who holds it, for how long, and whether it is
 * stale. `--cleanup-locks` (and `--fix`) removes stale locks and what killed waiters left next to them, judging
 * each lock again right before removing it.
 */
export const locksCheck: Check = {
  id: 'locks',
  title: 'Locks',
  async run(context) {
    if (context.service.store.backend !== 'file') {
      return [
        {
          id: 'locks.store',
          title: 'Store lock',
          status: 'ok',
          message: "the database's own row locks (see Database); no lock files",
          details: { backend: context.service.store.backend },
        },
      ];
    }
    return lockedFiles(context).map((file) => lockResult(context, file));
  },
  fix: {
    scope: 'locks',
    async apply(context, found) {
      const records: FixRecord[] = [];
      for (const result of found) {
        if (result.details?.verdict !== 'stale') continue;
        records.push(await removeIfStale(context, String(result.details.file)));
      }
      return records;
    },
  },
};

/** store.json always; other files only while a lock on them exists. */
function lockedFiles(context: DiagnosticsContext): string[] {
  const files = [context.paths.store];
  let entries: string[] = [];
  try {
    entries = readdirSync(context.paths.dir);
  } catch {
    // No data directory yet: no locks either.
  }
  for (const entry of entries) {
    if (!entry.endsWith(LOCK_SUFFIX)) continue;
    const file = path.join(context.paths.dir, entry.slice(0, -LOCK_SUFFIX.length));
    if (file !== context.paths.store && isDirectory(path.join(context.paths.dir, entry))) files.push(file);
  }
  return files;
}

function lockResult(context: DiagnosticsContext, file: string): CheckResult {
  const name = path.basename(file);
  const base = { id: `locks.${name}`, title: `${name} lock` };
  const info = lockInfo(file);
  if (!info) return { ...base, status: 'ok', message: 'not locked', details: { file, locked: false } };
  const state = judge(context, info);
  const details = {
    file,
    lockDir: info.lockDir,
    locked: true,
    verdict: state.verdict,
    owner: state.owner ?? null,
    alive: state.alive ?? null,
    idleMs: state.idleMs,
    heldMs: state.heldMs ?? null,
  };
  const holder = describeHolder(state);
  const idle = formatDuration(state.idleMs);
  switch (state.verdict) {
    case 'stale':
      return {
        ...base,
        status: 'warn',
        message: `stale: ${holder}${state.alive === false || info.owner === undefined ? '' : `, not refreshed for ${idle} (stale after ${formatDuration(context.lock.staleMs)})`}`,
        fix: '`orchestrator doctor --cleanup-locks` removes it (the next writer would also take it over).',
        details,
      };
    case 'unrefreshed':
      return {
        ...base,
        status: 'warn',
        message: `${holder} is running but has not refreshed the lock for ${idle}: stopped (Ctrl-Z, a debugger) or hung; writers wait for it`,
        fix: `Resume pid ${state.owner?.pid} (fg) or end it (kill ${state.owner?.pid}). A lock whose holder runs is never removed by doctor.`,
        details,
      };
    case 'live': {
      const held = state.heldMs ?? state.idleMs;
      if (state.alive === true && held > LONG_HOLD_MS) {
        return {
          ...base,
          status: 'warn',
          message: `${holder} has held it for ${formatDuration(held)}; writers wait for it`,
          fix: `If pid ${state.owner?.pid} hangs, end it (kill ${state.owner?.pid}); its lock is then taken over at once.`,
          details,
        };
      }
      return {
        ...base,
        status: 'ok',
        message: `${holder}${state.heldMs === undefined ? '' : ` for ${formatDuration(state.heldMs)}`} (refreshed ${idle} ago): a change in progress`,
        details,
      };
    }
  }
}

/** Judges the lock again right before removing it: only a lock that is still stale goes. */
async function removeIfStale(context: DiagnosticsContext, file: string): Promise<FixRecord> {
  const name = path.basename(file);
  const info = lockInfo(file);
  if (!info) return { check: 'locks', status: 'skipped', message: `${name}: the lock was released in the meantime` };
  const state = judge(context, info);
  if (state.verdict !== 'stale') {
    return { check: 'locks', status: 'skipped', message: `${name}: left alone, the lock is ${state.verdict} now (${describeHolder(state)})` };
  }
  try {
    if (!breakAbandonedLock(file, context.lock.staleMs)) {
      return { check: 'locks', status: 'skipped', message: `${name}: another process took the lock in the meantime; left alone` };
    }
  } catch (error) {
    return { check: 'locks', status: 'failed', message: `${name}: could not remove the stale lock: ${(error as Error).message}` };
  }
  const holder = state.owner ? `pid ${state.owner.pid} on ${state.owner.host}` : 'an unknown process';
  return { check: 'locks', status: 'fixed', message: `${name}: removed the stale lock of ${holder} (idle ${formatDuration(state.idleMs)})` };
}

function judge(context: DiagnosticsContext, info: NonNullable<ReturnType<typeof lockInfo>>): LockState {
  return judgeLock(info, { now: context.now(), staleMs: context.lock.staleMs, isAlive: context.isAlive });
}

function describeHolder(state: LockState): string {
  const { owner, alive } = state;
  if (!owner) return 'held by nobody (an empty lock, left by a release that did not finish)';
  if (!owner.host) return 'held by an unknown process (a lock directory without an owner record)';
  const where = alive === undefined ? ` on ${owner.host} (another host: cannot tell whether it runs)` : alive ? ' (running)' : ' (gone)';
  return `held by pid ${owner.pid}${where}`;
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
