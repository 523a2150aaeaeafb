import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { restoreStore } from '../../src/core/index.js';
import { testFileService } from '../helpers/service.js';
import { readStoreFiles } from '../helpers/store-files.js';

const actor = 'cli:test';
const DAY = 86_400_000;

/** A store where some tasks finished 40 days ago and others recently or not at all. */
async function agedStore() {
  const setup = testFileService();
  const { service, clock } = setup;
  const create = (id: string, extra: Record<string, unknown> = {}) => service.create({ id, title: id, ...extra }, actor);
  await create('old-done');
  await create('old-cancelled');
  await create('old-failed');
  await create('old-dep'); // completed long ago, but a pending task still waits for it
  await create('waits', { dependencies: ['old-dep'] });
  await create('chain-a');
  await create('chain-b', { dependencies: ['chain-a'] }); // both finished long ago: both go
  await create('plan');
  await create('plan-1', { parentId: 'plan' });
  await create('plan-2', { parentId: 'plan' });
  await create('mixed');
  await create('mixed-1', { parentId: 'mixed' });
  await create('mixed-2', { parentId: 'mixed' }); // finished recently: the plan stays whole
  await create('recent');
  for (const id of ['old-done', 'old-dep', 'chain-a', 'chain-b', 'plan-1', 'plan-2', 'mixed-1']) {
    await service.complete(id, { worker: 'w', result: `result of ${id}` });
  }
  await service.cancel('old-cancelled', { actor });
  await service.start('old-failed', { worker: 'w' });
  await service.fail('old-failed', { worker: 'w', error: 'no' });
  clock.advance(40 * DAY);
  await service.complete('mixed-2', { worker: 'w' });
  await service.complete('recent', { worker: 'w' });
  return setup;
}

describe('optimize', () => {
  test('archives old finished tasks whose dependents are finished; everything else stays', async () => {
    const { service, store } = await agedStore();
    const result = await service.optimize({ olderThanMs: 30 * DAY }, actor);
    expect(result.taskIds.sort()).toEqual(['chain-a', 'chain-b', 'old-cancelled', 'old-done', 'plan', 'plan-1', 'plan-2'].sort());
    const doc = await store.read();
    expect(Object.keys(doc.tasks).sort()).toEqual(['mixed', 'mixed-1', 'mixed-2', 'old-dep', 'old-failed', 'recent', 'waits']);
    expect(doc.archived['plan-1']).toMatchObject({ status: 'completed' });
    // Archived tasks stay readable, marked as archived.
    const shown = await service.get('chain-a');
    expect(shown.archivedAt).toBeDefined();
    expect(shown.task.result).toBe('result of chain-a');
    expect(await service.integrity()).toEqual([]);
  });

  test('a cut-off of zero archives every finished task nobody waits for', async () => {
    const { service } = await agedStore();
    const result = await service.optimize({ olderThanMs: 0 }, actor);
    expect(result.taskIds).toContain('recent');
    expect(result.taskIds).toContain('mixed');
    expect(result.taskIds).not.toContain('old-dep');
  });

  test('a dry run reports the same plan and changes nothing', async () => {
    const { service, store, dir } = await agedStore();
    const before = readFileSync(store.file, 'utf8');
    const dry = await service.optimize({ olderThanMs: 30 * DAY, keepEvents: { last: 5 }, dryRun: true }, actor);
    expect(readFileSync(store.file, 'utf8')).toBe(before);
    expect(readdirSync(dir)).not.toContain('archive');
    const real = await service.optimize({ olderThanMs: 30 * DAY, keepEvents: { last: 5 } }, actor);
    expect(real.taskIds.sort()).toEqual(dry.taskIds.sort());
    expect(real.eventsMoved).toBe(dry.eventsMoved);
  });

  test('compacts events.jsonl by age; history and the next change still agree with the store', async () => {
    const { service, dir } = await agedStore();
    const eventsBefore = await service.history();
    const recent = eventsBefore.filter((event) => Date.parse(event.ts) >= Date.parse('2026-01-31T00:00:00Z'));
    expect(recent.length).toBeGreaterThan(0);
    const result = await service.optimize({ olderThanMs: 30 * DAY, keepEvents: { withinMs: 30 * DAY } }, actor);
    expect(result.eventsMoved).toBe(eventsBefore.length - recent.length);
    expect(result.eventsArchiveFile).toBe(path.join(dir, 'archive', 'events-2026-02-10.jsonl'));
    const moved = readFileSync(result.eventsArchiveFile!, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(moved.map((event) => event.rev)).toEqual(eventsBefore.slice(0, result.eventsMoved).map((event) => event.rev));

    const history = await service.history();
    expect(history.slice(0, recent.length)).toEqual(recent);
    expect(history.filter((event) => event.op === 'archive')).toHaveLength(result.taskIds.length);
    expect(history.at(-1)).toMatchObject({ op: 'optimize', data: { archived: result.taskIds.length } });

    const doc = await readStoreFiles(dir);
    expect(doc.eventLogBytes).toBe(statSync(path.join(dir, 'events.jsonl')).size);
    await service.create({ id: 'after', title: 'after' }, actor);
    const last = (await service.history()).at(-1);
    expect(last).toMatchObject({ op: 'create', taskId: 'after', rev: doc.revision + 1 });
    expect((await service.history({ taskId: 'recent' })).map((event) => event.op)).toContain('complete');
  });

  test('on a store that does not exist yet, does nothing and writes no store', async () => {
    const { service, dir } = testFileService();
    expect(await service.optimize({ olderThanMs: 0, keepEvents: { last: 0 } }, actor)).toMatchObject({ taskIds: [], eventsMoved: 0 });
    expect(existsSync(path.join(dir, 'store.json'))).toBe(false);
    expect(existsSync(path.join(dir, 'events.jsonl'))).toBe(false);
  });

  test('keeps the last N events when asked to', async () => {
    const { service } = await agedStore();
    const before = await service.history();
    const result = await service.optimize({ olderThanMs: 30 * DAY, keepEvents: { last: 3 } }, actor);
    expect(result).toMatchObject({ eventsMoved: before.length - 3, eventsKept: 3 });
    expect((await service.history()).slice(0, 3)).toEqual(before.slice(-3));
  });
});

describe('backup and restore of the task store', () => {
  test('round trip; ids handed out after the snapshot are not handed out again', async () => {
    const { service, store, dir } = testFileService();
    await service.create({ title: 'first' }, actor);
    const snapshot = path.join(dir, 'backups', 'snap.json');
    await store.backup(snapshot);
    await service.create({ title: 'second' }, actor);
    const { backupFile } = await restoreStore(store, readFileSync(snapshot, 'utf8'), {
      source: snapshot,
      backupFile: path.join(dir, 'backups', 'replaced.json'),
      actor,
    });
    expect(backupFile).toBeDefined();
    expect(Object.keys((await store.read()).tasks)).toEqual(['t1']);
    expect((await service.create({ title: 'third' }, actor)).id).toBe('t3');
    expect((await service.history()).map((event) => event.op)).toEqual(['create', 'create', 'restore', 'create']);
  });
});
