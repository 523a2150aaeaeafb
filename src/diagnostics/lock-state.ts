import { isAbandoned, type LockInfo, type LockOwner } from '../store/index.js';

/**
 * - `live`: held by a local process that runs, or by a remote one (another host) that refreshed it recently;
 * - `stale`: nobody holds it any more (the local holder is gone, or the remote one has been silent for the
 *   stale timeout, or the lock is empty): the next writer takes it over, `--cleanup-locks` removes it;
 * - `unrefreshed`: the local holder runs but has stopped refreshing it (stopped with Ctrl-Z, in a debugger,
 *   hung): writers wait for it, and it is never removed by us.
 */
export type LockVerdict = 'live' | 'stale' | 'unrefreshed';

export interface LockState {
  verdict: LockVerdict;
  owner: LockOwner | undefined;
  /** Whether the holder runs: undefined when it cannot be known (another host, no owner record). */
  alive: boolean | undefined;
  /** Since the holder last refreshed its record. */
  idleMs: number;
  /** Since the holder took it, when recorded. */
  heldMs: number | undefined;
}

export interface LockJudge {
  now: Date;
  staleMs: number;
  /** Whether the holder runs: a boolean for a local holder, undefined for one on another host. */
  isAlive: (owner: LockOwner) => boolean | undefined;
}

export function judgeLock(info: LockInfo, judge: LockJudge): LockState {
  const { owner } = info;
  const idleMs = Math.max(0, judge.now.getTime() - info.updatedAt.getTime());
  const acquired = owner ? Date.parse(owner.acquiredAt) : Number.NaN;
  const heldMs = Number.isNaN(acquired) ? undefined : Math.max(0, judge.now.getTime() - acquired);
  const alive = owner && owner.host ? judge.isAlive(owner) : undefined;
  // Stale exactly when a waiter would take it over (the store's rule); a running holder that went quiet is unrefreshed.
  const stale = isAbandoned(owner, info.updatedAt.getTime(), judge.staleMs, { now: judge.now.getTime(), isAlive: () => alive });
  const verdict: LockVerdict = stale ? 'stale' : alive === true && idleMs > judge.staleMs ? 'unrefreshed' : 'live';
  return { verdict, owner, alive, idleMs, heldMs };
}
