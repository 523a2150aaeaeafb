import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, test, vi, type MockInstance } from 'vitest';
import { restoreStore, TaskService } from '../../src/core/index.js';
import { blankTask } from '../../src/core/operations/create.js';
import { twoProcesses } from '../helpers/pg-pair.js';
import { admin, freshStoreUrl, openTestStore } from '../helpers/postgres.js';
import { testdir } from '../helpers/testdir.js';

const actor = 'test';

/** Resolves once a statement waits for a lock that the transaction holding this store's entries holds. */
async function waitingBehindEntries(url: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const waiting = await admin(url, async (client) => {
      const { rows } = await client.query(`
        SELECT 1 FROM pg_stat_activity a
        WHERE EXISTS (SELECT 1 FROM pg_locks l WHERE l.relation = 'orchestrator_entries'::regclass AND l.granted AND l.pid = ANY(pg_blocking_pids(a.pid)))`);
      return rows.length > 0;
    });
    if (waiting) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('Nothing waited for the transaction that holds the entries.');
}

/** Holds the answers to chosen statements of this process (by text or prepared name) until opened. */
function gatedQueries() {
  const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  const gates: Array<{ text: string; reached: () => void; opened: Promise<void> }> = [];
  (vi.spyOn(pg.Client.prototype, 'query') as unknown as MockInstance<(...args: unknown[]) => unknown>).mockImplementation(function (
    this: pg.Client,
    ...args
  ) {
    const result = original.apply(this, args);
    const config = args[0] as string | { name?: string };
    const text = typeof config === 'string' ? config : config.name;
    const index = gates.findIndex((gate) => gate.text === text || `orchestrator_${gate.text}` === text);
    if (index === -1 || !(result instanceof Promise)) return result;
    const gate = gates.splice(index, 1)[0]!;
    return result.then(async (value: unknown) => {
      gate.reached();
      await gate.opened;
      return value;
    });
  });
  return {
    gate(text: string) {
      let open!: () => void;
      let reached!: () => void;
      const opened = new Promise<void>((resolve) => (open = resolve));
      const reachedPromise = new Promise<void>((resolve) => (reached = resolve));
      gates.push({ text, reached, opened });
      return { reached: reachedPromise, open };
    },
  };
}

describe('a restore while other processes work', () => {
  test('entries the restore removed are removed in every process that follows the store', async () => {
    const url = freshStoreUrl();
    const follower = new TaskService(openTestStore(url));
    const restorer = openTestStore(url);
    const dir = testdir();
    await follower.create({ id: 'a', title: 'A' }, actor);
    await restorer.backup(path.join(dir, 'snapshot.json'));
    await follower.create({ id: 'b', title: 'B' }, actor);
    expect((await follower.list()).tasks.map((task) => task.id)).toEqual(['a', 'b']);
    await restoreStore(restorer, readFileSync(path.join(dir, 'snapshot.json'), 'utf8'), {
      source: 'snapshot.json',
      backupFile: path.join(dir, 'before.json'),
      actor,
    });
    expect((await follower.list()).tasks.map((task) => task.id)).toEqual(['a']);
    expect(Object.keys((await follower.snapshot()).tasks)).toEqual(['a']);
  });

  test('a restore and a change that holds rows at that moment both finish, one after the other', async () => {
    const p = await twoProcesses();
    const dir = testdir();
    await p.other.create({ id: 'a', title: 'A' }, actor);
    await p.otherStore.backup(path.join(dir, 'snapshot.json'));
    await p.near.list();
    // The claim has locked its rows and is about to write when the restore starts and waits for them.
    const holding = p.proxy.holdAt('orchestrator_commit\0');
    const claiming = p.near.next({ worker: 'near' });
    const { release } = await holding;
    const restoring = restoreStore(p.otherStore, readFileSync(path.join(dir, 'snapshot.json'), 'utf8'), {
      source: 'snapshot.json',
      backupFile: path.join(dir, 'before.json'),
      actor,
    });
    await waitingBehindEntries(p.url);
    release();
    await expect(restoring).resolves.toMatchObject({ document: { tasks: { a: { id: 'a' } } } });
    await claiming;
    const history = await p.other.history();
    expect(history.map((event) => event.op)).toContain('restore');
  });

  test('a restore while a read of the same process is on its way gives the restored document, here and after', async () => {
    const url = freshStoreUrl();
    const store = openTestStore(url);
    const service = new TaskService(store);
    const dir = testdir();
    await service.create({ id: 'a', title: 'A' }, actor);
    await store.backup(path.join(dir, 'snapshot.json'));
    await service.create({ id: 'b', title: 'B' }, actor);
    await store.read();
    // The restore's COMMIT is answered while a read (a watcher's, say) is waiting for the database.
    const gates = gatedQueries();
    const commit = gates.gate('COMMIT');
    const restoring = restoreStore(store, readFileSync(path.join(dir, 'snapshot.json'), 'utf8'), {
      source: 'snapshot.json',
      backupFile: path.join(dir, 'before.json'),
      actor,
    });
    await commit.reached;
    const follow = gates.gate('orchestrator_changesSince');
    const reading = store.read();
    await follow.reached;
    commit.open();
    // Nothing but this process's own code runs between the answer and what the restore does next.
    await new Promise((resolve) => setImmediate(resolve));
    follow.open();
    expect(Object.keys((await restoring).document.tasks)).toEqual(['a']);
    await reading;
    expect(Object.keys((await store.read()).tasks)).toEqual(['a']);
  });
});

describe('moving old events out of the history', () => {
  test('two optimizations at once move only events they read, and keep the newest', async () => {
    const p = await twoProcesses();
    for (let i = 1; i <= 6; i++) await p.other.create({ id: `t${i}`, title: `T${i}` }, actor);
    await p.near.list();
    const holding = p.proxy.holdNextChange();
    const nearOptimizing = p.near.optimize({ olderThanMs: 10 ** 12, keepEvents: { last: 2 } }, 'near');
    const { release } = await holding;
    await p.other.optimize({ olderThanMs: 10 ** 12, keepEvents: { last: 2 } }, 'other');
    expect((await p.other.history()).map((event) => event.rev)).toEqual([5, 6, 7]);
    release();
    await nearOptimizing;
    // The later optimization keeps the newest two it finds (6, 7) and adds its own.
    expect((await p.other.history()).map((event) => event.rev)).toEqual([6, 7, 8]);
  });
});

describe('a document of an older schema version', () => {
  /** A store whose rows hold a version-2 document (before `requests`): migrated by the first change. */
  async function olderDocument(url: string) {
    await new TaskService(openTestStore(url)).list();
    await admin(url, async (client) => {
      await client.query(`UPDATE orchestrator_meta SET revision = 1, header = '{"schemaVersion":2,"counters":{"task":0}}'`);
      const task = blankTask('a', 'A', '2026-01-01T00:00:00.000Z');
      await client.query(`INSERT INTO orchestrator_entries (collection, key, value, rev) VALUES ('tasks', 'a', $1, 1)`, [JSON.stringify(task)]);
    });
  }

  test('two processes migrating it at once lose no change and give no task twice', async () => {
    const p = await twoProcesses();
    await olderDocument(p.url);
    await p.other.list();
    await p.near.list();
    // The near process starts to write the migrated document; meanwhile the other migrates it and claims "a".
    const holding = p.proxy.holdAt(['BEGIN\0', 'BEGIN; SET LOCAL']);
    const nearClaiming = p.near.next({ worker: 'near' });
    const { release } = await holding;
    expect(await p.other.next({ worker: 'other' })).toMatchObject({ id: 'a', assignee: 'other' });
    release();
    expect(await nearClaiming).toBeNull();
    expect((await p.other.get('a')).task).toMatchObject({ status: 'in_progress', assignee: 'other' });
    const history = await p.other.history();
    expect(history.filter((event) => event.op === 'claim').map((event) => event.actor)).toEqual(['other']);
    expect(history.filter((event) => event.op === 'migrate')).toHaveLength(1);
  });

  test('a process that follows the migration another one wrote does not migrate again', async () => {
    const p = await twoProcesses();
    await olderDocument(p.url);
    await p.near.list();
    expect(await p.other.next({ worker: 'other' })).toMatchObject({ id: 'a' });
    await p.other.create({ id: 'b', title: 'B' }, actor);
    expect(await p.near.next({ worker: 'near' })).toMatchObject({ id: 'b', assignee: 'near' });
    const history = await p.other.history();
    expect(history.map((event) => event.op)).toEqual(['migrate', 'claim', 'create', 'claim']);
  });
});
