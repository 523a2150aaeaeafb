import type { LockInfo, LockOwner } from '../store/index.js';

/**
 * - `live`: held by a process that runs (same host) or that refreshed the lock recently (other host, or no
 *   owner record);
 * - `abandoned`: the holder on this host is gone, but the lock is younger than the stale timeout;
 * - `stale`: not refreshed for longer than the stale timeout, and the holder is gone or cannot be checked
 *   (another host, no owner record);
 * - `unrefreshed`: the holder runs but stopped refreshing it (hung?); never removed by us.
 */
export type LockVerdict = 'live' | 'abandoned' | 'stale' | 'unrefreshed';

export interface LockState {
  verdict: LockVerdict;
  owner: LockOwner | undefined;
  /** Whether the holder runs: undefined when it cannot be known (another host, no owner record). */
  alive: boolean | undefined;
  /** Since the last refresh of the lock directory. */
  idleMs: number;
  /** Since the holder took it, when recorded. */
  heldMs: number | undefined;
}

export interface LockJudge {
  now: Date;
  staleMs: number;
  hostname: string;
  isAlive: (pid: number) => boolean;
}

export function judgeLock(info: LockInfo, judge: LockJudge): LockState {
  const { owner } = info;
  const idleMs = Math.max(0, judge.now.getTime() - info.updatedAt.getTime());
  const acquired = owner ? Date.parse(owner.acquiredAt) : Number.NaN;
  const heldMs = Number.isNaN(acquired) ? undefined : Math.max(0, judge.now.getTime() - acquired);
  const alive = owner && owner.host === judge.hostname && Number.isInteger(owner.pid) ? judge.isAlive(owner.pid) : undefined;
  const old = idleMs > judge.staleMs;
  const verdict: LockVerdict = alive === true ? (old ? 'unrefreshed' : 'live') : old ? 'stale' : alive === false ? 'abandoned' : 'live';
  return { verdict, owner, alive, idleMs, heldMs };
}

/** `process.kill(pid, 0)` checks without signalling: ESRCH means no such process; EPERM means one we may not signal. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
