import { getJson } from './api.js';
import { applyDelta, applySnapshot, notify, setConnection, state } from './state.js';

// The live connection: Server-Sent Events from /api/events. On every (re)connection the page loads a fresh
// snapshot and applies the deltas that are newer; while the connection is down the page says since when its
// data may be stale. The browser reconnects by itself (the server asks for 1 s); when it gives up (the server
// refused, or was gone too long), this module starts over with a growing pause.

const SILENCE_MS = 40_000;
let source = null;
let snapshotRevision = Infinity;
let queued = [];
let retryMs = 1_000;
let watchdog = null;
let lastMessage = 0;

export function connect() {
  source?.close();
  snapshotRevision = Infinity;
  queued = [];
  lastMessage = Date.now();
  source = new EventSource('/api/events');
  source.addEventListener('hello', () => {
    heard();
    void reload();
  });
  source.addEventListener('delta', (event) => {
    heard();
    const delta = JSON.parse(event.data);
    if (snapshotRevision === Infinity) queued.push(delta);
    else applyDelta(delta, snapshotRevision);
  });
  source.addEventListener('reset', () => {
    heard();
    void reload();
  });
  source.addEventListener('ping', heard);
  source.addEventListener('error', () => {
    setConnection('stale');
    if (source.readyState === EventSource.CLOSED) {
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 10_000);
    }
  });
  watchdog ??= setInterval(() => {
    // A connection can die without an error (a sleeping laptop, a dropped network): the server pings every 15 s.
    if (state.connection === 'live' && Date.now() - lastMessage > SILENCE_MS) {
      setConnection('stale');
      connect();
    }
  }, 5_000);
}

function heard() {
  lastMessage = Date.now();
}

async function reload() {
  // Deltas that arrive while the snapshot loads wait for it: applied before it, it would overwrite them.
  snapshotRevision = Infinity;
  try {
    const snapshot = await getJson('/api/snapshot');
    snapshotRevision = snapshot.revision;
    applySnapshot(snapshot);
    for (const delta of queued) applyDelta(delta, snapshotRevision);
    queued = [];
    retryMs = 1_000;
    setConnection('live');
  } catch (error) {
    state.loadError = error.message;
    setConnection('stale');
    notify();
  }
}

/** Reloads the snapshot now (after the server said the CSRF token changed, for instance). */
export function refresh() {
  return reload();
}
