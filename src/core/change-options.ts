import { OrchestratorError } from '../errors.js';
import type { StoreDocument } from './schemas.js';

/** What a caller may say about one change, besides its inputs. */
export interface ChangeOptions {
  /**
   * Aborting it before the change is applied cancels the call: it fails with CANCELLED and nothing changes.
   * It is checked before the call queues and again once the store lock is held, before anything is read.
   */
  signal?: AbortSignal | undefined;
  /** Called every WAIT_REPORT_MS while the call waits for the store lock (held by another change or process). */
  onWait?: ((wait: { waitedMs: number; holderPid?: number }) => void) | undefined;
  /**
   * The caller's id for this request: a retry with the same id gets the first answer back and changes nothing
   * (a connection that drops mid-call leaves the caller unsure whether the change was made).
   */
  requestId?: string | undefined;
}

/** How often a waiting call is told it is still waiting. */
export const WAIT_REPORT_MS = 500;

/** How long the answer of a request is kept for a retry. */
export const REQUEST_TTL_MS = 60 * 60 * 1000;

/** At most this many answers are kept; the oldest go first. */
export const MAX_REQUESTS = 1_000;

export function cancelled(): OrchestratorError {
  return new OrchestratorError('The call was cancelled before it changed anything.', {
    code: 'CANCELLED',
    hint: 'Nothing was changed; call again if it is still wanted.',
  });
}

export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelled();
}

/** The answer kept for `requestId`, if it has not expired; an id used by another operation is refused. */
export function recallRequest(doc: Pick<StoreDocument, 'requests'>, requestId: string, op: string, now: Date): { result: unknown } | undefined {
  const known = doc.requests[requestId];
  if (!known || Date.parse(known.expiresAt) <= now.getTime()) return undefined;
  if (known.op !== op) {
    throw new OrchestratorError(`request_id "${requestId}" was already used for another call (${known.op}, at ${known.at}).`, {
      code: 'INVALID_INPUT',
      hint: 'Send a new request_id with each new call; reuse one only to retry the very same call.',
      details: { requestId, usedFor: known.op, at: known.at },
    });
  }
  return { result: known.result };
}

/**
 * Keeps a change's answer under its request id, in the same commit as the change, and drops the expired answers
 * (and the oldest, past MAX_REQUESTS). The answer is copied: what the store keeps is frozen.
 */
export function rememberRequest(doc: Pick<StoreDocument, 'requests'>, requestId: string, op: string, result: unknown, now: Date): void {
  const entries = Object.entries(doc.requests);
  const live = entries.filter(([, record]) => Date.parse(record.expiresAt) > now.getTime());
  const keep = live.length >= MAX_REQUESTS ? live.sort(([, a], [, b]) => a.at.localeCompare(b.at)).slice(live.length - MAX_REQUESTS + 1) : live;
  if (keep.length !== entries.length) {
    const kept = new Set(keep.map(([id]) => id));
    for (const [id] of entries) if (!kept.has(id)) delete doc.requests[id];
  }
  doc.requests[requestId] = {
    op,
    at: now.toISOString(),
    expiresAt: new Date(now.getTime() + REQUEST_TTL_MS).toISOString(),
    result: result === undefined ? null : structuredClone(result),
  };
}
