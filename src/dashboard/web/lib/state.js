// What the page knows: the snapshot it loaded and every delta applied since, plus the state of the connection.
// Views read `state` and re-render when `subscribe`rs are told; nothing else holds data.

const listeners = new Set();

export const state = {
  /** 'connecting' before the first snapshot, 'live' while events arrive, 'stale' while disconnected. */
  connection: 'connecting',
  /** When the data shown was last known to be current (ms, this browser's clock). */
  syncedAt: 0,
  disconnectedAt: 0,
  loaded: false,
  revision: 0,
  /** Server time minus browser time, so that lease countdowns use the server's clock. */
  offsetMs: 0,
  readOnly: true,
  csrf: '',
  actor: '',
  version: '',
  dataDir: '',
  roles: [],
  cards: new Map(),
  workers: { workers: [], slots: { limit: 0, used: 0, free: null }, staleSeconds: 1800 },
  plans: [],
  activity: [],
  /** Bumped on every change; `touched` maps a task id (and its plan's) to the change that last touched it. */
  changes: 0,
  touched: new Map(),
  loadError: null,
};

const MAX_ACTIVITY = 500;
let cardList = null;

export function subscribe(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function notify() {
  for (const listener of listeners) listener();
}

/** Every card, oldest first (the order the server sent), computed once per change. */
export function cards() {
  cardList ??= [...state.cards.values()];
  return cardList;
}

export function serverNow() {
  return Date.now() + state.offsetMs;
}

export function applySnapshot(snapshot) {
  state.loaded = true;
  state.loadError = null;
  state.revision = snapshot.revision;
  state.offsetMs = Date.parse(snapshot.now) - Date.now();
  state.readOnly = snapshot.readOnly;
  state.csrf = snapshot.csrf;
  state.actor = snapshot.actor;
  state.version = snapshot.version;
  state.dataDir = snapshot.dataDir;
  state.roles = snapshot.roles;
  state.cards = new Map(snapshot.cards.map((card) => [card.id, card]));
  state.workers = snapshot.workers;
  state.plans = snapshot.plans;
  state.activity = snapshot.activity.slice(-MAX_ACTIVITY);
  state.changes++;
  for (const id of state.touched.keys()) state.touched.set(id, state.changes);
  state.syncedAt = Date.now();
  cardList = null;
  notify();
}

/** Applies what the server sent after a change, unless the loaded snapshot already holds it. */
export function applyDelta(delta, snapshotRevision) {
  // Events are merged whatever the revision: the event log can trail the document the snapshot was read from.
  if (delta.revision <= snapshotRevision) {
    if (mergeActivity(delta.activity)) notify();
    return;
  }
  state.changes++;
  const touch = (id) => id && state.touched.set(id, state.changes);
  for (const card of delta.cards) {
    const before = state.cards.get(card.id);
    state.cards.set(card.id, card);
    touch(card.id);
    touch(card.parentId);
    if (before && before.parentId !== card.parentId) touch(before.parentId);
  }
  for (const id of delta.removed) {
    touch(state.cards.get(id)?.parentId);
    state.cards.delete(id);
    touch(id);
  }
  state.revision = Math.max(state.revision, delta.revision);
  state.offsetMs = Date.parse(delta.now) - Date.now();
  state.workers = delta.workers;
  state.plans = delta.plans;
  mergeActivity(delta.activity);
  state.syncedAt = Date.now();
  cardList = null;
  notify();
}

/** Adds the events not shown yet, in the order of the log; says whether there were any. */
function mergeActivity(items) {
  const key = (item) => `${item.rev}:${item.taskId}:${item.op}`;
  const seen = new Set(state.activity.map(key));
  const fresh = items.filter((item) => !seen.has(key(item)));
  if (fresh.length === 0) return false;
  state.activity = [...state.activity, ...fresh].sort((a, b) => a.rev - b.rev).slice(-MAX_ACTIVITY);
  return true;
}

export function setConnection(connection) {
  if (state.connection === connection) return;
  if (connection === 'stale') state.disconnectedAt = Date.now();
  state.connection = connection;
  notify();
}

/** The message of the last action (or its error), shown until dismissed or replaced. */
export function showNotice(notice) {
  state.notice = notice;
  notify();
}
