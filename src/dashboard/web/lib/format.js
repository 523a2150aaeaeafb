// Pure formatting helpers, shared by the views (and unit-tested in Node).

export const COLUMNS = ['ready', 'blocked', 'in_progress', 'completed', 'failed', 'cancelled'];

export const COLUMN_LABELS = {
  ready: 'Ready',
  blocked: 'Blocked',
  in_progress: 'In progress',
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export const PRIORITY_RANK = { urgent: 0, high: 1, normal: 2, low: 3 };

/** "4 s", "3 min", "2 h", "5 d": a short duration for seconds. */
export function shortDuration(seconds) {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86400) return `${Math.floor(s / 3600)} h`;
  return `${Math.floor(s / 86400)} d`;
}

/** "12 s ago", or "just now". */
export function ago(iso, nowMs) {
  const seconds = (nowMs - Date.parse(iso)) / 1000;
  return seconds < 2 ? 'just now' : `${shortDuration(seconds)} ago`;
}

/** Time left on a lease as m:ss (or h:mm:ss); "expired" once it ran out. */
export function countdown(expiresAt, nowMs) {
  if (!expiresAt) return '';
  const left = Math.round((Date.parse(expiresAt) - nowMs) / 1000);
  if (left <= 0) return 'expired';
  const h = Math.floor(left / 3600);
  const m = Math.floor((left % 3600) / 60);
  const s = String(left % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

export function leaseLeft(expiresAt, nowMs) {
  return expiresAt ? (Date.parse(expiresAt) - nowMs) / 1000 : Infinity;
}

export function clockTime(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function dateTime(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleString();
}

export function statusLabel(status) {
  return status.replace('_', ' ');
}

/** What an event of the log means, in a few words. */
export function describeEvent(event) {
  const moved = event.from && event.to && event.from !== event.to ? ` (${statusLabel(event.from)} → ${statusLabel(event.to)})` : '';
  const verbs = {
    create: 'created',
    claim: 'claimed',
    complete: 'completed',
    fail: 'failed',
    cancel: 'cancelled',
    reset: 'reset',
    expire: 'lease expired on',
    heartbeat: 'heartbeat on',
    renew: 'renewed the lease on',
    revise: 'sent back for revision',
    repair: 'repaired',
    update: 'updated',
    delete: 'deleted',
    archive: 'archived',
    submit: 'submitted work on',
    rollup: 'rolled up',
  };
  return `${verbs[event.op] ?? event.op}${moved}`;
}
