import { html, useEffect, useState } from '../lib/html.js';
import { countdown, statusLabel } from '../lib/format.js';
import { serverNow, state, subscribe } from '../lib/state.js';

/** Re-renders the component on every change of the page's state. */
export function useStore() {
  const [, setTick] = useState(0);
  useEffect(() => subscribe(() => setTick((tick) => tick + 1)), []);
  return state;
}

/**
 * What `load` resolves to, read on mount and again whenever `deps` change. The last value stays while the next
 * one loads; an answer that arrives after the component is gone or has moved on is dropped.
 */
export function useLoad(load, deps) {
  const [result, setResult] = useState({ value: null, error: null });
  useEffect(() => {
    let live = true;
    load()
      .then((value) => live && setResult({ value, error: null }))
      .catch((caught) => live && setResult((last) => ({ value: last.value, error: caught.message })));
    return () => {
      live = false;
    };
  }, deps);
  return result;
}

/** The server's time, moving once a second, for countdowns and "seen 12 s ago". */
export function useNow() {
  const [now, setNow] = useState(serverNow());
  useEffect(() => {
    const timer = setInterval(() => setNow(serverNow()), 1_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

export function TaskLink({ id, children }) {
  return html`<a class="task-link" href=${`#/tasks/${encodeURIComponent(id)}`}>${children ?? id}</a>`;
}

export function StatusBadge({ status, column }) {
  const name = column ?? status;
  return html`<span class=${`badge status-${name}`}>${statusLabel(name)}</span>`;
}

export function PriorityBadge({ priority }) {
  if (priority === 'normal') return null;
  return html`<span class=${`badge priority-${priority}`} title="priority">${priority}</span>`;
}

export function LeaseCountdown({ expiresAt, now }) {
  if (!expiresAt) return null;
  const left = countdown(expiresAt, now);
  const expired = left === 'expired';
  const soon = !expired && Date.parse(expiresAt) - now < 60_000;
  return html`<span
    class=${`lease ${expired ? 'lease-expired' : soon ? 'lease-soon' : ''}`}
    title=${`lease until ${new Date(expiresAt).toLocaleString()}`}
  >
    <span class="visually-hidden">lease </span>${expired ? 'lease expired' : `${left} left`}
  </span>`;
}

/** A message after an action, read out by screen readers. */
export function Notice({ notice, onClose }) {
  if (!notice) return null;
  return html`<div class=${`notice ${notice.error ? 'notice-error' : 'notice-ok'}`} role=${notice.error ? 'alert' : 'status'}>
    <span>${notice.text}</span>${notice.hint ? html`<span class="hint">${notice.hint}</span>` : null}
    <button type="button" class="link-button" onClick=${onClose} aria-label="Dismiss message">×</button>
  </div>`;
}

export function Empty({ children }) {
  return html`<p class="empty">${children}</p>`;
}
