import { html, useMemo, useState } from '../lib/html.js';
import { boardColumns, filterChoices, filtersToQuery } from '../lib/filters.js';
import { COLUMNS, COLUMN_LABELS } from '../lib/format.js';
import { cards, state } from '../lib/state.js';
import { LeaseCountdown, PriorityBadge, useNow } from './common.js';

const PAGE = 50;

/** Columns by state. Each shows its first 50 cards and more on request, so 5,000 tasks render at once. */
export function Board({ filters, navigate }) {
  const now = useNow();
  const all = cards();
  // Recomputed when the cards or the filters change, and every 5 s for the order of the leases.
  const columns = useMemo(() => boardColumns(all, filters, now), [all, filtersToQuery(filters), Math.floor(now / 5_000)]);
  const shown = filters.status.length > 0 ? COLUMNS.filter((column) => filters.status.includes(column)) : COLUMNS;
  return html`<section aria-labelledby="board-title">
    <h1 id="board-title" class="visually-hidden">Board</h1>
    <${Filters} filters=${filters} navigate=${navigate} />
    <div class="board" style=${{ '--columns': shown.length }}>
      ${shown.map((column) => html`<${Column} key=${column} column=${column} cards=${columns[column]} now=${now} />`)}
    </div>
  </section>`;
}

function Column({ column, cards: list, now }) {
  const [limit, setLimit] = useState(PAGE);
  const visible = list.slice(0, limit);
  const titleId = `column-${column}`;
  return html`<section class=${`column column-${column}`} aria-labelledby=${titleId}>
    <h2 id=${titleId} class="column-title">
      ${COLUMN_LABELS[column]} <span class="count" aria-label=${`${list.length} tasks`}>${list.length}</span>
    </h2>
    <ul class="cards" aria-labelledby=${titleId}>
      ${visible.map((card) => html`<${Card} key=${card.id} card=${card} now=${now} />`)}
    </ul>
    ${
      list.length > limit
        ? html`<button type="button" class="more" onClick=${() => setLimit(limit + PAGE * 4)}>
            Show ${Math.min(PAGE * 4, list.length - limit)} more of ${list.length - limit}
          </button>`
        : null
    }
  </section>`;
}

function Card({ card, now }) {
  const plan = card.parentId ? state.cards.get(card.parentId) : null;
  return html`<li class=${`card ${card.leaseExpired ? 'card-expired' : ''}`} data-task=${card.id}>
    <a class="card-link" href=${`#/tasks/${encodeURIComponent(card.id)}`}>
      <span class="card-id">${card.id}</span>
      <span class="card-title">${card.title}</span>
    </a>
    <div class="card-meta">
      ${card.role ? html`<span class="badge role">${card.role}</span>` : null}
      <${PriorityBadge} priority=${card.priority} />
      ${card.subtasks > 0 ? html`<span class="badge plan-badge">plan · ${card.subtasks}</span>` : null}
      ${card.assignee ? html`<span class="assignee" title="assignee">@${card.assignee}</span>` : null}
      ${card.column === 'in_progress' ? html`<${LeaseCountdown} expiresAt=${card.leaseExpiresAt} now=${now} />` : null}
      ${
        card.column === 'blocked' && card.blockedBy.length > 0
          ? html`<span class="blocked-by">waits for ${card.blockedBy.slice(0, 3).join(', ')}${card.blockedBy.length > 3 ? '…' : ''}</span>`
          : null
      }
    </div>
    ${
      card.tags.length > 0 || plan
        ? html`<div class="card-tags">
            ${plan ? html`<span class="in-plan" title=${plan.title}>in ${plan.id}</span>` : null}
            ${card.tags.map((tag) => html`<span class="tag">#${tag}</span>`)}
          </div>`
        : null
    }
  </li>`;
}

function Filters({ filters, navigate }) {
  const choices = useMemo(() => filterChoices(cards(), state.plans), [cards(), state.plans]);
  const set = (patch) => navigate(`#/board${filtersToQuery({ ...filters, ...patch })}`, { replace: true });
  const toggle = (column) =>
    set({ status: filters.status.includes(column) ? filters.status.filter((item) => item !== column) : [...filters.status, column] });
  const active = filters.status.length > 0 || filters.role || filters.tag || filters.plan || filters.q;
  return html`<form class="filters" role="search" aria-label="Filter the board" onSubmit=${(event) => event.preventDefault()}>
    <label class="search">
      <span class="visually-hidden">Search titles and ids</span>
      <input
        id="search"
        type="search"
        placeholder="Search (press /)"
        value=${filters.q}
        onInput=${(event) => set({ q: event.currentTarget.value })}
      />
    </label>
    <fieldset class="states">
      <legend class="visually-hidden">States</legend>
      ${COLUMNS.map(
        (column) =>
          html`<button
            type="button"
            class=${`chip status-${column}`}
            aria-pressed=${filters.status.includes(column) ? 'true' : 'false'}
            onClick=${() => toggle(column)}
          >
            ${COLUMN_LABELS[column]}
          </button>`,
      )}
    </fieldset>
    <${Select} label="Role" value=${filters.role} options=${choices.roles.map((role) => [role, role])} onChange=${(role) => set({ role })} />
    <${Select} label="Tag" value=${filters.tag} options=${choices.tags.map((tag) => [tag, `#${tag}`])} onChange=${(tag) => set({ tag })} />
    <${Select}
      label="Plan"
      value=${filters.plan}
      options=${choices.plans.map((plan) => [plan.id, `${plan.id} · ${plan.title}`])}
      onChange=${(plan) => set({ plan })}
    />
    ${active ? html`<a class="clear" href="#/board">Clear filters</a>` : null}
  </form>`;
}

function Select({ label, value, options, onChange }) {
  return html`<label class="select">
    <span>${label}</span>
    <select value=${value} onChange=${(event) => onChange(event.currentTarget.value)}>
      <option value="">any</option>
      ${value && !options.some(([key]) => key === value) ? html`<option value=${value}>${value}</option>` : null}
      ${options.map(([key, text]) => html`<option value=${key}>${text}</option>`)}
    </select>
  </label>`;
}
