import { html, render, useEffect, useState } from './lib/html.js';
import { parseFilters } from './lib/filters.js';
import { clockTime } from './lib/format.js';
import { connect } from './lib/live.js';
import { showNotice, state } from './lib/state.js';
import { Activity } from './views/activity.js';
import { AddTask } from './views/add-task.js';
import { Agents } from './views/agents.js';
import { Board } from './views/board.js';
import { Notice, useStore } from './views/common.js';
import { PlanList, PlanView } from './views/plans.js';
import { TaskView } from './views/task.js';

// The page: a header with the views and the connection state, and the view the address names:
// #/board?filters, #/plans, #/plans/ID, #/agents, #/activity, #/tasks/ID.

function readRoute() {
  const hash = location.hash.replace(/^#/, '') || '/board';
  const [path, query = ''] = hash.split('?');
  const parts = path
    .split('/')
    .filter(Boolean)
    .map((part) => {
      try {
        return decodeURIComponent(part);
      } catch {
        return part;
      }
    });
  return { view: parts[0] ?? 'board', id: parts[1], params: new URLSearchParams(query) };
}

function navigate(hash, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', hash);
  else history.pushState(null, '', hash);
  dispatchEvent(new HashChangeEvent('hashchange'));
}

let focusAfterRoute = null;

const VIEWS = [
  ['board', 'Board', 'b'],
  ['plans', 'Plans', 'p'],
  ['agents', 'Agents', 'a'],
  ['activity', 'Activity', 'e'],
];

function App() {
  useStore();
  const [route, setRoute] = useState(readRoute());
  const [adding, setAdding] = useState(false);
  useEffect(() => {
    const onHash = () => setRoute(readRoute());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    const onKey = (event) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target;
      // Keys typed in a field or an open dialog are its own (a dialog that just closed may still hold the focus).
      if (target.closest?.('input, textarea, select, dialog[open], [contenteditable]')) return;
      if (event.key === '/') {
        event.preventDefault();
        if (readRoute().view === 'board') return document.getElementById('search')?.focus();
        focusAfterRoute = { view: 'board', id: 'search' };
        navigate('#/board');
        return;
      }
      if (event.key === 'n' && !state.readOnly) return setAdding(true);
      const view = VIEWS.find(([, , key]) => key === event.key);
      if (view) navigate(`#/${view[0]}`);
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, []);
  useEffect(() => {
    // Moving between views puts the focus on the new view's heading, as a page load would (or on the search box
    // when / asked for it).
    if (focusAfterRoute?.view === route.view) {
      const wanted = document.getElementById(focusAfterRoute.id);
      focusAfterRoute = null;
      if (wanted) return wanted.focus();
    }
    document.querySelector('main h1')?.setAttribute('tabindex', '-1');
    document.querySelector('main h1')?.focus({ preventScroll: true });
  }, [route.view, route.id]);
  return html`
    <a
      class="skip"
      href="#main"
      onClick=${(event) => {
        event.preventDefault();
        document.getElementById('main')?.focus();
      }}
      >Skip to content</a
    >
    <header class="top">
      <div class="brand"><span class="logo" aria-hidden="true">◆</span> orchestrator</div>
      <nav aria-label="Views">
        <ul>
          ${VIEWS.map(
            ([view, label, key]) =>
              html`<li><a href=${`#/${view}`} aria-current=${route.view === view ? 'page' : undefined} aria-keyshortcuts=${key}>${label}</a></li>`,
          )}
        </ul>
      </nav>
      <${Connection} />
      ${
        state.readOnly
          ? html`<span class="badge read-only" title="started with --read-only">read-only</span>`
          : html`<button type="button" class="primary" onClick=${() => setAdding(true)} aria-keyshortcuts="n">New task</button>`
      }
    </header>
    <${Notice} notice=${state.notice} onClose=${() => showNotice(null)} />
    <main id="main" tabindex="-1">${state.loaded ? html`<${View} route=${route} />` : html`<${Loading} />`}</main>
    <footer class="bottom muted">
      <span>Store: ${state.dataDir}</span> <span>revision ${state.revision}</span> <span>v${state.version}</span>
      <span>Keys: / search · b p a e views · n new task</span>
    </footer>
    ${state.readOnly ? null : html`<${AddTask} open=${adding} onClose=${() => setAdding(false)} />`}
  `;
}

function View({ route }) {
  switch (route.view) {
    case 'plans':
      return route.id ? html`<${PlanView} id=${route.id} />` : html`<${PlanList} />`;
    case 'agents':
      return html`<${Agents} />`;
    case 'activity':
      return html`<${Activity} />`;
    case 'tasks':
      return html`<${TaskView} id=${route.id} />`;
    default:
      return html`<${Board} filters=${parseFilters(route.params)} navigate=${navigate} />`;
  }
}

function Loading() {
  return html`<section aria-busy="true">
    <h1>Loading…</h1>
    ${state.loadError ? html`<p class="error" role="alert">${state.loadError}</p>` : null}
  </section>`;
}

/** Live, or since when the data shown may be out of date. */
function Connection() {
  const live = state.connection === 'live';
  const text = live
    ? 'Live'
    : state.connection === 'connecting'
      ? 'Connecting…'
      : `Reconnecting… data as of ${state.syncedAt ? clockTime(new Date(state.syncedAt).toISOString()) : 'never'}, may be stale`;
  return html`<p class=${`connection connection-${state.connection}`} role="status" aria-live="polite">
    <span class="dot" aria-hidden="true"></span>${text}
  </p>`;
}

render(html`<${App} />`, document.getElementById('app'));
connect();
