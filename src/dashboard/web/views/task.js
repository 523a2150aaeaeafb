import { html, useState } from '../lib/html.js';
import { getJson, getText, taskPath } from '../lib/api.js';
import { cancelTask, releaseLease, resetTask } from '../lib/actions.js';
import { clockTime, dateTime, describeEvent } from '../lib/format.js';
import { renderMarkdown } from '../lib/markdown.js';
import { state } from '../lib/state.js';
import { Empty, LeaseCountdown, PriorityBadge, StatusBadge, TaskLink, useLoad, useNow } from './common.js';

/** One task: what it is, what it waits for and what waits for it, its outcome, artifacts and history. */
export function TaskView({ id }) {
  const now = useNow();
  // Reloaded whenever a change touches the task (or after a reconnection).
  const touched = state.touched.get(id) ?? 0;
  const { value: detail, error } = useLoad(() => getJson(taskPath(id)), [id, touched, state.loaded]);
  if (error)
    return html`<section>
      <h1>Task ${id}</h1>
      <p role="alert" class="error">${error}</p>
      <a href="#/board">Back to the board</a>
    </section>`;
  if (!detail)
    return html`<section aria-busy="true">
      <h1>Task ${id}</h1>
      <p>Loading…</p>
    </section>`;
  const { task } = detail;
  const card = state.cards.get(task.id);
  return html`<article class="task-detail" aria-labelledby="task-title">
    <p class="crumbs">
      <a href="#/board">Board</a
      >${task.parentId ? html` / <a href=${`#/plans/${encodeURIComponent(task.parentId)}`}>plan ${task.parentId}</a>` : null} /
    </p>
    <h1 id="task-title"><span class="card-id">${task.id}</span> ${task.title}</h1>
    <div class="task-meta">
      <${StatusBadge} column=${card?.column ?? task.status} />
      <${PriorityBadge} priority=${task.priority} />
      ${task.role ? html`<span class="badge role">${task.role}</span>` : null} ${task.tags.map((tag) => html`<span class="tag">#${tag}</span>`)}
      ${task.assignee ? html`<span class="assignee">@${task.assignee}</span>` : null}
      ${task.status === 'in_progress' ? html`<${LeaseCountdown} expiresAt=${task.lease?.expiresAt} now=${now} />` : null}
      ${detail.archivedAt ? html`<span class="badge">archived ${dateTime(detail.archivedAt)}</span>` : null}
    </div>
    <${Actions} task=${task} now=${now} />
    <dl class="facts">
      <dt>Created</dt>
      <dd>${dateTime(task.createdAt)}</dd>
      <dt>Updated</dt>
      <dd>${dateTime(task.updatedAt)}</dd>
      ${
        task.startedAt
          ? html`<dt>Started</dt>
              <dd>${dateTime(task.startedAt)}</dd>`
          : null
      }
      ${
        task.completedAt
          ? html`<dt>Finished</dt>
              <dd>${dateTime(task.completedAt)}</dd>`
          : null
      }
      <dt>Attempts</dt>
      <dd>${task.attempts} of ${task.maxAttempts}</dd>
      ${
        task.complexity
          ? html`<dt>Complexity</dt>
              <dd>${task.complexity}</dd>`
          : null
      }
      ${
        task.estimatedEffort
          ? html`<dt>Effort</dt>
              <dd>${task.estimatedEffort}</dd>`
          : null
      }
    </dl>
    <section aria-labelledby="description-title">
      <h2 id="description-title">Description</h2>
      ${task.description ? html`<p class="prose-text">${task.description}</p>` : html`<${Empty}>No description.<//>`}
    </section>
    ${
      task.error
        ? html`<section aria-labelledby="error-title">
            <h2 id="error-title">Error</h2>
            <p class="prose-text error">${task.error}</p>
          </section>`
        : null
    }
    ${
      task.cancelReason
        ? html`<section aria-labelledby="cancel-title">
            <h2 id="cancel-title">Why it was cancelled</h2>
            <p class="prose-text">${task.cancelReason}</p>
          </section>`
        : null
    }
    ${
      task.summary
        ? html`<section aria-labelledby="summary-title">
            <h2 id="summary-title">Summary</h2>
            <p class="prose-text">${task.summary}</p>
          </section>`
        : null
    }
    ${
      task.result
        ? html`<section aria-labelledby="result-title">
            <h2 id="result-title">Result</h2>
            <p class="prose-text">${task.result}</p>
          </section>`
        : null
    }
    <div class="plan-columns">
      <${Neighbours} title="Depends on" empty="No dependencies." cards=${detail.dependencies} />
      <${Neighbours} title="Needed by" empty="Nothing waits for it." cards=${detail.dependents} />
    </div>
    ${detail.subtasks.length > 0 ? html`<${Neighbours} title="Subtasks" empty="" cards=${detail.subtasks} />` : null}
    ${
      task.artifacts.length > 0
        ? html`<section aria-labelledby="artifacts-title">
            <h2 id="artifacts-title">Artifacts</h2>
            ${task.artifacts.map((artifact) => html`<${Artifact} key=${artifact.id} taskId=${task.id} artifact=${artifact} />`)}
          </section>`
        : null
    }
    <section aria-labelledby="history-title">
      <h2 id="history-title">History</h2>
      <ol class="activity">
        ${detail.history
          .slice()
          .reverse()
          .map(
            (item) =>
              html`<li class=${`event op-${item.op}`}>
                <time datetime=${item.ts} title=${dateTime(item.ts)}>${clockTime(item.ts)}</time>
                <span class="actor">${item.actor ?? 'someone'}</span> <span class="what">${describeEvent(item)}</span>
              </li>`,
          )}
      </ol>
    </section>
  </article>`;
}

function Neighbours({ title, empty, cards }) {
  return html`<section aria-label=${title}>
    <h2>${title}</h2>
    ${
      cards.length === 0
        ? html`<${Empty}>${empty}<//>`
        : html`<ul class="neighbours">
            ${cards.map((card) => html`<li><${TaskLink} id=${card.id} /> ${card.title} <${StatusBadge} column=${card.column} /></li>`)}
          </ul>`
    }
  </section>`;
}

function Actions({ task, now }) {
  const [busy, setBusy] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  if (state.readOnly) return null;
  const run = async (action) => {
    setBusy(true);
    await action();
    setBusy(false);
    setCancelling(false);
  };
  const expired = task.status === 'in_progress' && task.lease && Date.parse(task.lease.expiresAt) <= now;
  const canCancel = task.status === 'pending' || task.status === 'in_progress';
  if (!canCancel && task.status !== 'failed' && !expired) return null;
  return html`<div class="actions" role="group" aria-label="Actions">
    ${task.status === 'failed' ? html`<button type="button" disabled=${busy} onClick=${() => run(() => resetTask(task.id))}>Reset</button>` : null}
    ${expired ? html`<button type="button" disabled=${busy} onClick=${() => run(() => releaseLease(task.id))}>Release expired lease</button>` : null}
    ${canCancel && !cancelling ? html`<button type="button" class="danger" onClick=${() => setCancelling(true)}>Cancel task…</button>` : null}
    ${
      cancelling
        ? html`<form
            class="confirm"
            aria-label=${`Cancel ${task.id}`}
            onSubmit=${(event) => {
              event.preventDefault();
              const reason = String(new FormData(event.currentTarget).get('reason') ?? '');
              void run(() => cancelTask(task.id, reason));
            }}
          >
            <label>Reason (optional) <input name="reason" autocomplete="off" autofocus /></label>
            <button type="submit" class="danger" disabled=${busy}>
              Cancel ${task.children.length > 0 ? 'the plan and its open subtasks' : 'the task'}
            </button>
            <button type="button" onClick=${() => setCancelling(false)}>Keep it</button>
          </form>`
        : null
    }
  </div>`;
}

function Artifact({ taskId, artifact }) {
  const { value: markup, error } = useLoad(
    () => getText(`${taskPath(taskId)}/artifacts/${encodeURIComponent(artifact.id)}`).then(renderMarkdown),
    [taskId, artifact.id],
  );
  return html`<article class="artifact" aria-label=${`Artifact ${artifact.id}`}>
    <h3>
      ${artifact.type ?? 'artifact'} <span class="muted">${artifact.id}${artifact.bytes !== undefined ? ` · ${artifact.bytes} bytes` : ''}</span>
    </h3>
    ${error ? html`<p class="error" role="alert">${error}</p>` : markup === null ? html`<p>Loading…</p>` : html`<div class="markdown" dangerouslySetInnerHTML=${{ __html: markup }}></div>`}
  </article>`;
}
