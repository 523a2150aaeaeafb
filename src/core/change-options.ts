import { OrchestratorError } from '../errors.js';
import type { ChangeOptions as StoreChangeOptions } from '../store/index.js';
import type { StoreDocument } from './schemas.js';

/**
 * What a caller may say about one change, besides its inputs: how to wait for the store lock (a signal that
 * cancels the change while it has not started, a callback while another process holds the lock; see the store),
 * and the caller's id for the request: a retry with the same id gets the first answer back and changes nothing
 * (a connection that drops mid-call leaves the caller unsure whether the change was made).
 */
export interface ChangeOptions extends StoreChangeOptions {
  requestId?: string | undefined;
}

/** How long the answer of a request is kept for a retry. */
export const REQUEST_TTL_MS = 60 * 60 * 1000;

/** At most this many answers are kept; the oldest go first. */
export const MAX_REQUESTS = 1_000;

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
 *
 * Which answers to drop is decided from `current`, the same document read without tracking: a change that walked
 * every request would depend on all of them, and on PostgreSQL two such changes (any two calls with a request id)
 * could then never commit side by side. Only the answers it drops and the one it adds are part of the change.
 */
export function rememberRequest(
  doc: Pick<StoreDocument, 'requests'>,
  requestId: string,
  op: string,
  result: unknown,
  now: Date,
  current: Pick<StoreDocument, 'requests'> = doc,
): void {
  const entries = Object.entries(current.requests);
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
