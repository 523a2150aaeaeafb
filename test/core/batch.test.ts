import { describe, expect, test } from 'vitest';
import type { TaskDraft } from '../../src/core/batch-inputs.js';
import { testService } from '../helpers/service.js';
import { rejection } from '../helpers/errors.js';

const actor = 'cli:test';

const source = (id: string, status?: string) => ({ format: 'taskmaster', id, ...(status !== undefined && { status }) });

function drafts(): TaskDraft[] {
  return [
    { ref: '1', title: 'Set up', status: 'completed', priority: 'high', source: source('1', 'done') },
    { ref: '2', title: 'Build', dependencies: ['1'], source: source('2', 'pending') },
    { ref: '2.1', title: 'Build the parser', parent: '2', source: source('2.1', 'pending') },
    { ref: '2.2', title: 'Build the printer', parent: '2', dependencies: ['2.1'], source: source('2.2', 'pending') },
  ];
}

describe('batches', () => {
  test('a dry run and the change give the same answer, and the dry run writes nothing', async () => {
    const { service, store } = testService();
    const planned = await service.planBatch({ tasks: drafts() });
    expect((await store.read()).revision).toBe(0);
    const applied = await service.applyBatch({ tasks: drafts() }, actor);
    expect(applied.created).toEqual(planned.created);
    expect(applied.created.map((entry) => [entry.ref, entry.id])).toEqual([
      ['1', 't1'],
      ['2', 't2'],
      ['2.1', 't3'],
      ['2.2', 't4'],
    ]);
    const doc = await store.read();
    expect(doc.tasks.t4).toMatchObject({ parentId: 't2', dependencies: ['t3'], metadata: { source: source('2.2', 'pending') } });
    expect(doc.tasks.t1).toMatchObject({ status: 'completed', priority: 'high' });
    expect(doc.tasks.t1!.completedAt).not.toBeNull();
    expect(doc.tasks.t2!.dependencies).toEqual(['t1']);
  });

  test('bringing the same source in again updates instead of duplicating, and keeps what was done here', async () => {
    const { service, store } = testService();
    await service.applyBatch({ tasks: drafts() }, actor);
    // Work done here since: t3 completed, a local tag and a role.
    await service.complete('t3', { worker: actor, force: true });
    await service.update('t4', { role: 'tester', addTags: ['mine'] }, actor);
    const again = drafts();
    again[3] = { ...again[3]!, title: 'Build the pretty printer' };
    const unchanged = (await store.read()).revision;
    expect(
      (await service.applyBatch({ tasks: drafts().map((draft, index) => (index === 3 ? { ...draft, title: 'Build the printer' } : draft)) }, actor))
        .unchanged,
    ).toHaveLength(4);
    expect((await store.read()).revision).toBe(unchanged);
    const result = await service.applyBatch({ tasks: again }, actor);
    expect(result.created).toEqual([]);
    expect(result.updated.map((entry) => [entry.id, entry.fields])).toEqual([['t4', ['title']]]);
    const doc = await store.read();
    expect(Object.keys(doc.tasks)).toHaveLength(4);
    expect(doc.tasks.t3!.status).toBe('completed');
    expect(doc.tasks.t4).toMatchObject({ title: 'Build the pretty printer', role: 'tester', tags: ['mine'] });
    // The source's status moved: it is followed.
    again[1] = { ...again[1]!, status: 'cancelled', source: source('2', 'cancelled') };
    const moved = await service.applyBatch({ tasks: again }, actor);
    expect(moved.updated.find((entry) => entry.id === 't2')?.fields).toContain('metadata');
  });

  test('plans at every level take the status of what is below them', async () => {
    const { service, store } = testService();
    await service.applyBatch(
      {
        tasks: [
          { ref: 'top', title: 'Top' },
          { ref: 'middle', title: 'Middle', parent: 'top' },
          { ref: 'done', title: 'Done', parent: 'middle', status: 'completed' },
          { ref: 'open', title: 'Open', parent: 'middle' },
          { ref: 'other', title: 'Other', parent: 'top' },
        ],
      },
      actor,
    );
    const doc = await store.read();
    expect([doc.tasks.t1!.status, doc.tasks.t2!.status]).toEqual(['in_progress', 'in_progress']);
    expect(await service.integrity()).toEqual([]);
  });

  test('a bad batch is refused whole: unknown references, cycles, a missing parent', async () => {
    const { service, store } = testService();
    const bad = drafts();
    bad[1] = { ...bad[1]!, dependencies: ['9'] };
    expect((await rejection(service.applyBatch({ tasks: bad }, actor))).message).toMatch(/depends on "9"/);
    const cycle = drafts();
    cycle[2] = { ...cycle[2]!, dependencies: ['2.2'] };
    const error = await rejection(service.applyBatch({ tasks: cycle }, actor));
    expect(error.code).toBe('CYCLE');
    expect(error.message).toContain('"Build the parser" → "Build the printer" → "Build the parser"');
    expect((await rejection(service.applyBatch({ tasks: drafts(), parentId: 'nope' }, actor))).code).toBe('NOT_FOUND');
    expect((await store.read()).revision).toBe(0);
  });

  test('--parent puts the top-level entries under an existing plan, and re-imports look only there', async () => {
    const { service, store } = testService();
    await service.create({ id: 'p', title: 'Plan' }, actor);
    await service.applyBatch({ tasks: drafts(), parentId: 'p' }, actor);
    const doc = await store.read();
    expect(doc.tasks.t1!.parentId).toBe('p');
    expect(doc.tasks.t3!.parentId).toBe('t2');
    // Without a parent, the earlier import is found wherever it is; under another plan, the source is new.
    expect((await service.planBatch({ tasks: drafts() })).unchanged).toHaveLength(4);
    await service.create({ id: 'q', title: 'Other plan' }, actor);
    expect((await service.applyBatch({ tasks: drafts(), parentId: 'q' }, actor)).created).toHaveLength(4);
    // Two copies now: without --parent it is unclear which to update.
    expect((await rejection(service.planBatch({ tasks: drafts() }))).code).toBe('CONFLICT');
    expect((await service.planBatch({ tasks: drafts(), parentId: 'p' })).unchanged).toHaveLength(4);
  });
});

describe('records', () => {
  test('records come back with their ids and fields; the same records change nothing', async () => {
    const { service, store } = testService();
    await service.applyBatch({ tasks: drafts() }, actor);
    const records = Object.values((await store.read()).tasks);
    const fresh = testService();
    const result = await fresh.service.applyRecords(records, actor);
    expect(result.created.map((entry) => entry.id)).toEqual(['t1', 't2', 't3', 't4']);
    expect(Object.values((await fresh.store.read()).tasks)).toEqual(records);
    expect((await fresh.service.create({ title: 'next' }, actor)).id).toBe('t5');
    const again = await service.planRecords(records);
    expect(again).toMatchObject({ created: [], updated: [] });
    expect(again.unchanged).toHaveLength(4);
  });
});

describe('bulk changes', () => {
  test('cancels a plan with its subtasks and a dependent, in one change, without --force', async () => {
    const { service, store } = testService();
    await service.applyBatch({ tasks: drafts() }, actor);
    await service.create({ id: 'after', title: 'After', dependencies: ['t2'] }, actor);
    const revision = (await store.read()).revision;
    const result = await service.bulk({ action: 'cancel', ids: ['t2', 't3', 't4', 'after'], actor, reason: 'dropped' });
    expect(result.tasks.map((task) => task.id).sort()).toEqual(['after', 't2', 't3', 't4']);
    expect(result.tasks.every((task) => task.status === 'cancelled')).toBe(true);
    expect((await store.read()).revision).toBe(revision + 1);
  });

  test('all or nothing: one refusal leaves every task as it was', async () => {
    const { service, store } = testService();
    await service.create({ id: 'a', title: 'A' }, actor);
    await service.create({ id: 'b', title: 'B' }, actor);
    await service.complete('b', { worker: actor, force: true });
    const before = await store.read();
    const error = await rejection(service.bulk({ action: 'cancel', ids: ['a', 'b'], actor }));
    expect(error.message).toMatch(/already completed.*Nothing was changed/);
    const after = await store.read();
    expect(after.revision).toBe(before.revision);
    expect(after.tasks.a!.status).toBe('pending');
  });

  test('a dry run says what would change, refusals included, and writes nothing', async () => {
    const { service, store } = testService();
    await service.create({ id: 'a', title: 'A' }, actor);
    await service.create({ id: 'b', title: 'B', dependencies: ['a'] }, actor);
    const preview = await service.bulk({ action: 'delete', ids: ['a', 'b'], actor }, { dryRun: true });
    expect(preview.deleted.map((task) => task.id).sort()).toEqual(['a', 'b']);
    expect(Object.keys((await store.read()).tasks)).toEqual(['a', 'b']);
    expect((await rejection(service.bulk({ action: 'delete', ids: ['a'], actor }, { dryRun: true }))).code).toBe('CONFLICT');
    const updated = await service.bulk({ action: 'update', ids: ['a', 'b'], actor, patch: { priority: 'high' } });
    expect(updated.tasks.map((task) => task.priority)).toEqual(['high', 'high']);
  });

  test('a filter chooses the tasks when the change is made; ids and a filter together are refused', async () => {
    const { service } = testService();
    await service.create({ id: 'a', title: 'A', role: 'tester' }, actor);
    await service.create({ id: 'b', title: 'B', role: 'implementer' }, actor);
    await service.create({ id: 'c', title: 'C', role: 'tester' }, actor);
    const result = await service.bulk({ action: 'update', filter: { role: 'tester', status: ['pending'] }, actor, patch: { priority: 'urgent' } });
    expect(result.selected).toEqual(['a', 'c']);
    expect(result.tasks.map((task) => [task.id, task.priority])).toEqual([
      ['a', 'urgent'],
      ['c', 'urgent'],
    ]);
    expect((await rejection(service.bulk({ action: 'reset', ids: ['a'], filter: { role: 'tester' }, actor }))).code).toBe('INVALID_INPUT');
    expect((await rejection(service.bulk({ action: 'reset', actor }))).code).toBe('INVALID_INPUT');
    expect((await service.bulk({ action: 'cancel', filter: { role: 'documenter' }, actor })).selected).toEqual([]);
  });
});
