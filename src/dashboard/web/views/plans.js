import { html, useMemo } from '../lib/html.js';
import { getJson } from '../lib/api.js';
import { COLUMN_LABELS } from '../lib/format.js';
import { NODE, edgePath, layoutGraph } from '../lib/layout.js';
import { state } from '../lib/state.js';
import { Empty, StatusBadge, TaskLink, useLoad } from './common.js';

export function PlanList() {
  const plans = state.plans;
  return html`<section aria-labelledby="plans-title">
    <h1 id="plans-title">Plans</h1>
    ${
      plans.length === 0
        ? html`<${Empty}>No plans yet. A plan is a task with subtasks (orchestrator tasks add … --parent ID).<//>`
        : html`<ul class="plan-list">
            ${plans.map((plan) => html`<li key=${plan.planId}><${PlanSummary} plan=${plan} /></li>`)}
          </ul>`
    }
  </section>`;
}

function PlanSummary({ plan }) {
  return html`<article class=${`plan-summary ${plan.stalled ? 'plan-stalled' : ''}`}>
    <h2>
      <a href=${`#/plans/${encodeURIComponent(plan.planId)}`}><span class="card-id">${plan.planId}</span> ${plan.title}</a>
    </h2>
    <${Progress} plan=${plan} />
    <p class="plan-counts">
      ${Object.entries(plan.counts)
        .filter(([, count]) => count > 0)
        .map(([status, count]) => html`<span class=${`count-pill status-${status}`}>${count} ${status.replace('_', ' ')}</span>`)}
      ${plan.ready.length > 0 ? html`<span class="count-pill status-ready">${plan.ready.length} ready</span>` : null}
    </p>
    ${plan.stalled ? html`<p class="stalled" role="note"><strong>Stalled:</strong> ${plan.stalled}</p>` : null}
  </article>`;
}

function Progress({ plan }) {
  return html`<div
    class="progress"
    role="progressbar"
    aria-label=${`${plan.title}: progress`}
    aria-valuemin="0"
    aria-valuemax="100"
    aria-valuenow=${plan.percentComplete}
  >
    <div class="progress-bar" style=${{ width: `${plan.percentComplete}%` }}></div>
    <span class="progress-text">${plan.percentComplete}% · ${plan.counts.completed} of ${plan.total - plan.counts.cancelled} done</span>
  </div>`;
}

/** One plan: its progress, the dependency graph with the critical path, and what blocks what. */
export function PlanView({ id }) {
  const touched = state.touched.get(id) ?? 0;
  const { value: detail, error } = useLoad(() => getJson(`/api/plans/${encodeURIComponent(id)}`), [id, touched, state.loaded]);
  if (error)
    return html`<section>
      <h1>Plan ${id}</h1>
      <p role="alert" class="error">${error}</p>
      <a href="#/plans">All plans</a>
    </section>`;
  if (!detail)
    return html`<section aria-busy="true">
      <h1>Plan ${id}</h1>
      <p>Loading…</p>
    </section>`;
  const blocked = detail.nodes.filter((node) => node.blockedBy.length > 0);
  return html`<section aria-labelledby="plan-title">
    <p class="crumbs"><a href="#/plans">Plans</a> /</p>
    <h1 id="plan-title"><span class="card-id">${detail.plan.planId}</span> ${detail.plan.title}</h1>
    <${PlanSummaryBody} plan=${detail.plan} />
    <h2>Dependency graph</h2>
    <p class="legend">
      <span class="legend-critical"></span> critical path: the longest chain of unfinished tasks (${detail.criticalPath.length}
      step${detail.criticalPath.length === 1 ? '' : 's'}). <a href=${`#/board?plan=${encodeURIComponent(detail.plan.planId)}`}>Show on the board</a>
    </p>
    <${Graph} detail=${detail} />
    <div class="plan-columns">
      <section aria-labelledby="critical-title">
        <h2 id="critical-title">Critical path</h2>
        ${
          detail.criticalPath.length === 0
            ? html`<${Empty}>Nothing left to do.<//>`
            : html`<ol class="critical-list">
                ${detail.criticalPath.map((taskId) => html`<li><${NodeLine} node=${detail.nodes.find((node) => node.id === taskId)} /></li>`)}
              </ol>`
        }
      </section>
      <section aria-labelledby="blocks-title">
        <h2 id="blocks-title">What blocks what</h2>
        ${
          blocked.length === 0
            ? html`<${Empty}>Nothing is blocked.<//>`
            : html`<ul class="blocks-list">
                ${blocked.map((node) => html`<li><${TaskLink} id=${node.id} /> ${node.title} <span class="muted">waits for</span> ${node.blockedBy.map((dep, index) => html`${index > 0 ? ', ' : ''}<${TaskLink} id=${dep} />`)}</li>`)}
              </ul>`
        }
      </section>
    </div>
  </section>`;
}

function PlanSummaryBody({ plan }) {
  return html`<div class="plan-head">
    <${Progress} plan=${plan} />
    ${plan.stalled ? html`<p class="stalled" role="note"><strong>Stalled:</strong> ${plan.stalled}</p>` : null}
  </div>`;
}

function NodeLine({ node }) {
  if (!node) return null;
  return html`<${TaskLink} id=${node.id} /> ${node.title} <${StatusBadge} column=${node.column} />`;
}

function Graph({ detail }) {
  const layout = useMemo(() => layoutGraph(detail.nodes, detail.edges), [detail]);
  const critical = new Set(detail.criticalPath);
  const criticalEdges = new Set(detail.criticalPath.slice(1).map((id, index) => `${id}>${detail.criticalPath[index]}`));
  if (detail.nodes.length === 0) return html`<${Empty}>No subtasks.<//>`;
  return html`<div class="graph-scroll">
    <svg
      class="graph"
      width=${layout.width}
      height=${layout.height}
      viewBox=${`0 0 ${layout.width} ${layout.height}`}
      role="group"
      aria-label=${`Dependency graph of ${detail.plan.title}; arrows point from a task to the tasks waiting for it`}
    >
      <defs>
        ${[
          ['arrow', 'arrow-head'],
          ['arrow-critical', 'arrow-head critical'],
        ].map(
          ([markerId, headClass]) =>
            html`<marker
              id=${markerId}
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerUnits="userSpaceOnUse"
              markerWidth="9"
              markerHeight="9"
              orient="auto-start-reverse"
            >
              <path d="M0,0 L10,5 L0,10 z" class=${headClass} />
            </marker>`,
        )}
      </defs>
      ${detail.edges.map((edge) => {
        const from = layout.positions.get(edge.from);
        const to = layout.positions.get(edge.to);
        if (!from || !to) return null;
        const isCritical = criticalEdges.has(`${edge.from}>${edge.to}`);
        return html`<path
          class=${`edge ${isCritical ? 'critical' : ''}`}
          d=${edgePath(from, to)}
          marker-end=${isCritical ? 'url(#arrow-critical)' : 'url(#arrow)'}
          aria-hidden="true"
        />`;
      })}
      ${detail.nodes.map((node) => {
        const position = layout.positions.get(node.id);
        const label = `${node.id}: ${node.title}, ${COLUMN_LABELS[node.column]}${critical.has(node.id) ? ', on the critical path' : ''}`;
        return html`<a
          href=${`#/tasks/${encodeURIComponent(node.id)}`}
          class=${`node status-${node.column} ${critical.has(node.id) ? 'critical' : ''}`}
          aria-label=${label}
        >
          <title>${label}</title>
          <rect x=${position.x} y=${position.y} width=${NODE.width} height=${NODE.height} rx="6" />
          <text x=${position.x + 10} y=${position.y + 18} class="node-id">${node.id} · ${COLUMN_LABELS[node.column]}</text>
          <text x=${position.x + 10} y=${position.y + 35} class="node-title">${truncate(node.title, 26)}</text>
        </a>`;
      })}
    </svg>
  </div>`;
}

function truncate(text, length) {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}
