import type { Session } from '../schemas.js';
import type { Change } from './common.js';

/** Sessions kept in the store; the oldest (by last activity) are dropped beyond this. */
export const MAX_SESSIONS = 200;

export interface SessionRecord {
  id: string;
  dataDir: string;
  workingDirectory: string | null;
  client: string | null;
}

/**
 * Records a client session (an MCP connection that called initialize_session), or refreshes it when the same
 * session initializes again. Bookkeeping only: no event.
 */
export function recordSession(change: Change, input: SessionRecord): Session {
  const now = change.tx.now.toISOString();
  const known = change.doc.sessions[input.id];
  const session: Session = { ...input, startedAt: known?.startedAt ?? now, lastSeen: now };
  change.doc.sessions[input.id] = session;
  const all = Object.values(change.doc.sessions);
  if (all.length > MAX_SESSIONS) {
    const oldest = all.sort((a, b) => a.lastSeen.localeCompare(b.lastSeen)).slice(0, all.length - MAX_SESSIONS);
    for (const old of oldest) delete change.doc.sessions[old.id];
  }
  change.tx.markChanged();
  return session;
}
