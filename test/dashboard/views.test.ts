import { describe, expect, it } from 'vitest';
import { criticalPath } from '../../src/core/critical-path.js';
import { allPlans, changedCards, columnOf } from '../../src/dashboard/views.js';
import { LiveHub, type Delta } from '../../src/dashboard/live.js';
import { testService } from '../helpers/service.js';
// @ts-expect-error plain ES modules of the page, pure functions
import { boardColumns, filtersToQuery, parseFilters } from '../../src/dashboard/web/lib/filters.js';
// @ts-expect-error plain ES modules of the page, pure functions
import { layoutGraph } from '../../src/dashboard/web/lib/layout.js';
// @ts-expect-error plain ES modules of the page, pure functions
import { countdown } from '../../src/dashboard/web/lib/format.js';

const task = (id: string, status: string, dependencies: string[] = []) => ({ id, status: status as 'pending', dependencies });

describe('critical path', () => {
  it('is the longest chain of unfinished tasks, first task first', () => {
    // a -> b -> d, a -> c; e alone; b is done so it adds no length.
    const tasks = [
      task('a', 'pending'),
      task('b', 'completed', ['a']),
      task('c', 'pending', ['a']),
      task('d', 'pending', ['b', 'c']),
      task('e', 'pending'),
    ];
    expect(criticalPath(tasks)).toEqual(['a', 'c', 'd']);
  });

  it('counts every task once all are done, and is empty for nothing', () => {
    expect(criticalPath([task('a', 'completed'), task('b', 'completed', ['a']), task('c', 'cancelled')])).toEqual(['a', 'b']);
    expect(criticalPath([])).toEqual([]);
  });
});

describe('dashboard views', () => {
  it('puts pending tasks in ready or blocked by their dependencies', () => {
    expect(columnOf({ status: 'pending', blockedBy: [] })).toBe('ready');
    expect(columnOf({ status: 'pending', blockedBy: ['t1'] })).toBe('blocked');
    expect(columnOf({ status: 'in_progress', blockedBy: [] })).toBe('in_progress');
  });

  it('sends, for a change, the changed tasks with their dependents and plans, and what was removed', async () => {
    const { service } = testService();
    const { plan } = await service.createPlan(
      { title: 'Plan', description: 'Two steps', subtasks: [{ title: 'A' }, { title: 'B', dependencies: ['A'] }] },
      'cli:test',
    );
    const doc = await service.snapshot();
    const { cards, removed } = changedCards(doc, service.now(), ['t2', 'gone']);
    expect(cards.map((card) => [card.id, card.column]).sort()).toEqual([
      [plan.id, 'ready'],
      ['t2', 'ready'],
      ['t3', 'blocked'],
    ]);
    expect(removed).toEqual(['gone']);
    expect(allPlans(doc)).toMatchObject([{ planId: plan.id, total: 2, percentComplete: 0, stalled: null }]);
  });

  it('reads a burst of changes into as few deltas as the reading allows, each with the new activity', async () => {
    const { service } = testService();
    const hub = new LiveHub(service);
    const deltas: Delta[] = [];
    const unsubscribe = await hub.subscribe((event, data) => event === 'delta' && deltas.push(data!));
    await Promise.all([1, 2, 3, 4, 5].map((n) => service.create({ title: `Task ${n}` }, 'cli:test')));
    await expect
      .poll(() => [...new Set(deltas.flatMap((delta) => delta.cards.map((card) => card.id)))].sort())
      .toEqual(['t1', 't2', 't3', 't4', 't5']);
    expect(deltas.length).toBeLessThanOrEqual(5);
    expect(deltas.flatMap((delta) => delta.activity.map((item) => item.taskId)).sort()).toEqual(['t1', 't2', 't3', 't4', 't5']);
    expect(deltas.at(-1)!.revision).toBe((await service.snapshot()).revision);
    unsubscribe();
    expect(hub.listeners).toBe(0);
  });
});

describe('the page, in Node', () => {
  it('reads and writes the filters of the address', () => {
    const filters = parseFilters(new URLSearchParams('status=ready,bogus,failed&role=tester&q=login'));
    expect(filters).toEqual({ status: ['ready', 'failed'], role: 'tester', tag: '', plan: '', q: 'login' });
    expect(filtersToQuery(filters)).toBe('?status=ready%2Cfailed&role=tester&q=login');
    const card = (id: string, column: string, extra = {}) => ({
      id,
      title: id,
      column,
      role: null,
      tags: [],
      parentId: null,
      priority: 'normal',
      updatedAt: '2026-01-01T00:00:00Z',
      leaseExpiresAt: null,
      ...extra,
    });
    const columns = boardColumns(
      [card('a', 'ready'), card('b', 'ready', { priority: 'urgent' }), card('c', 'failed')],
      { ...filters, role: '', q: '' },
      0,
    );
    expect(columns.ready.map((item: { id: string }) => item.id)).toEqual(['b', 'a']);
    expect(columns.failed).toHaveLength(1);
    expect(columns.blocked).toHaveLength(0);
  });

  it('lays a graph out with every task right of what it depends on', () => {
    const nodes = [{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }];
    const edges = [
      { from: 'b', to: 'a' },
      { from: 'c', to: 'a' },
      { from: 'd', to: 'b' },
      { from: 'd', to: 'c' },
    ];
    const { positions, width, height } = layoutGraph(nodes, edges);
    for (const edge of edges) expect(positions.get(edge.from).x).toBeGreaterThan(positions.get(edge.to).x);
    expect(positions.get('b').y).not.toBe(positions.get('c').y);
    expect(width).toBeGreaterThan(0);
    expect(height).toBeGreaterThan(0);
  });

  it('counts a lease down', () => {
    expect(countdown('2026-01-01T00:01:05Z', Date.parse('2026-01-01T00:00:00Z'))).toBe('1:05');
    expect(countdown('2026-01-01T00:00:00Z', Date.parse('2026-01-01T00:00:01Z'))).toBe('expired');
  });
});
