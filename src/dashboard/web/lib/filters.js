import { COLUMNS, PRIORITY_RANK, leaseLeft } from './format.js';

// The board's filters, kept in the address (#/board?status=ready,blocked&role=tester&tag=api&plan=t1&q=login) so that
// a view can be shared. Pure functions: the page and the unit tests use the same ones.

export function parseFilters(params) {
  const list = (name) =>
    (params.get(name) ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  return {
    status: list('status').filter((column) => COLUMNS.includes(column)),
    role: params.get('role') ?? '',
    tag: params.get('tag') ?? '',
    plan: params.get('plan') ?? '',
    q: params.get('q') ?? '',
  };
}

export function filtersToQuery(filters) {
  const params = new URLSearchParams();
  if (filters.status.length > 0) params.set('status', filters.status.join(','));
  for (const name of ['role', 'tag', 'plan', 'q']) if (filters[name]) params.set(name, filters[name]);
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function matchesFilters(card, filters, needle = filters.q.trim().toLowerCase()) {
  if (filters.status.length > 0 && !filters.status.includes(card.column)) return false;
  if (filters.role && card.role !== filters.role) return false;
  if (filters.tag && !card.tags.includes(filters.tag)) return false;
  if (filters.plan && card.parentId !== filters.plan && card.id !== filters.plan) return false;
  if (needle && !card.title.toLowerCase().includes(needle) && !card.id.toLowerCase().includes(needle)) return false;
  return true;
}

/** Cards per column, filtered and sorted the way each column is read. */
export function boardColumns(cards, filters, nowMs) {
  const columns = Object.fromEntries(COLUMNS.map((column) => [column, []]));
  const needle = filters.q.trim().toLowerCase();
  for (const card of cards) if (matchesFilters(card, filters, needle)) columns[card.column].push(card);
  const byPriority = (a, b) => PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] || a.updatedAt.localeCompare(b.updatedAt);
  const newest = (a, b) => b.updatedAt.localeCompare(a.updatedAt);
  columns.ready.sort(byPriority);
  columns.blocked.sort(byPriority);
  // Leases closest to running out first: those are the ones to look at.
  columns.in_progress.sort((a, b) => leaseLeft(a.leaseExpiresAt, nowMs) - leaseLeft(b.leaseExpiresAt, nowMs));
  columns.completed.sort(newest);
  columns.failed.sort(newest);
  columns.cancelled.sort(newest);
  return columns;
}

/** The values the role, tag and plan filters offer. */
export function filterChoices(cards, plans) {
  const roles = new Set();
  const tags = new Set();
  for (const card of cards) {
    if (card.role) roles.add(card.role);
    for (const tag of card.tags) tags.add(tag);
  }
  return {
    roles: [...roles].sort(),
    tags: [...tags].sort(),
    plans: plans.map((plan) => ({ id: plan.planId, title: plan.title })),
  };
}
