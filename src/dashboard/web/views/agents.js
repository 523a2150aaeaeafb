import { html } from '../lib/html.js';
import { ago, shortDuration } from '../lib/format.js';
import { releaseLease } from '../lib/actions.js';
import { state } from '../lib/state.js';
import { Empty, LeaseCountdown, TaskLink, useNow } from './common.js';

/** Every worker: what it holds, when it was last seen, how long its leases have left. */
export function Agents() {
  const now = useNow();
  const { workers, slots, staleSeconds } = state.workers;
  return html`<section aria-labelledby="agents-title">
    <h1 id="agents-title">Agents</h1>
    <p class="muted">
      ${workers.length}
      worker${workers.length === 1 ? '' : 's'}${slots.limit > 0 && slots.used > 0 ? `, ${slots.used} of ${slots.limit} slots used` : ''}. A worker is
      stale when it has not been seen for ${shortDuration(staleSeconds)} and holds no live lease.
    </p>
    ${
      workers.length === 0
        ? html`<${Empty}>No agent has worked on this store yet.<//>`
        : html`<div class="table-scroll">
            <table class="agents">
              <thead>
                <tr>
                  <th scope="col">Worker</th>
                  <th scope="col">State</th>
                  <th scope="col">Last heartbeat</th>
                  <th scope="col">Holds</th>
                </tr>
              </thead>
              <tbody>
                ${workers.map((worker) => html`<${AgentRow} key=${worker.id} worker=${worker} now=${now} />`)}
              </tbody>
            </table>
          </div>`
    }
  </section>`;
}

function AgentRow({ worker, now }) {
  const expired = worker.holding.some((task) => task.expiresAt && Date.parse(task.expiresAt) <= now);
  const seenSeconds = (now - Date.parse(worker.lastSeen)) / 1000;
  const stale =
    worker.stale || (seenSeconds > state.workers.staleSeconds && worker.holding.every((task) => task.expiresAt && Date.parse(task.expiresAt) <= now));
  const condition = expired ? 'lease expired' : stale ? 'stale' : worker.holding.length > 0 ? 'working' : 'idle';
  return html`<tr class=${`agent row-${condition.replace(' ', '-')}`}>
    <th scope="row">
      <span class="worker-id">${worker.id}</span>
      ${worker.roles.length > 0 ? html`<span class="muted"> · ${worker.roles.join(', ')}</span>` : null}
      ${worker.slot !== null ? html`<span class="muted"> · slot ${worker.slot}</span>` : null}
    </th>
    <td><span class=${`badge agent-state agent-${condition.replace(' ', '-')}`}>${condition}</span></td>
    <td><time datetime=${worker.lastSeen} title=${new Date(worker.lastSeen).toLocaleString()}>${ago(worker.lastSeen, now)}</time></td>
    <td>
      ${
        worker.holding.length === 0
          ? html`<span class="muted">nothing</span>`
          : html`<ul class="holding">
              ${worker.holding.map(
                (task) =>
                  html`<li>
                    <${TaskLink} id=${task.id} /> <span class="held-title">${task.title}</span>
                    <${LeaseCountdown} expiresAt=${task.expiresAt} now=${now} />
                    ${
                      !state.readOnly && task.expiresAt && Date.parse(task.expiresAt) <= now
                        ? html`<button
                            type="button"
                            class="small"
                            onClick=${() => releaseLease(task.id)}
                            aria-label=${`Release the expired lease on ${task.id}`}
                          >
                            Release
                          </button>`
                        : null
                    }
                  </li>`,
              )}
            </ul>`
      }
    </td>
  </tr>`;
}
