import { html } from '../lib/html.js';
import { clockTime, describeEvent } from '../lib/format.js';
import { state } from '../lib/state.js';
import { Empty, TaskLink } from './common.js';

/** The event history as it happens, newest first. */
export function Activity({ limit = 200, compact = false }) {
  const items = state.activity.slice(-limit).reverse();
  const body =
    items.length === 0
      ? html`<${Empty}>Nothing has happened yet.<//>`
      : html`<ol class="activity" reversed>
          ${items.map(
            (item) =>
              html`<li key=${`${item.rev}-${item.taskId}-${item.op}`} class=${`event op-${item.op}`}>
                <time datetime=${item.ts}>${clockTime(item.ts)}</time>
                <span class="actor">${item.actor ?? 'someone'}</span>
                <span class="what">${describeEvent(item)}</span>
                ${item.taskId ? html`<${TaskLink} id=${item.taskId}>${item.taskId}<//>` : null}
                ${item.taskId && state.cards.get(item.taskId) ? html`<span class="muted event-title">${state.cards.get(item.taskId).title}</span>` : null}
              </li>`,
          )}
        </ol>`;
  if (compact) return body;
  return html`<section aria-labelledby="activity-title">
    <h1 id="activity-title">Activity</h1>
    <div aria-live="polite" aria-relevant="additions">${body}</div>
  </section>`;
}
