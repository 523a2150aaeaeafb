import { describe, expect, test } from 'vitest';
import { twoProcesses } from '../helpers/pg-pair.js';

const actor = 'test';

/** What each step of a change sends first: a simple query's text or a prepared statement's name. */
const STEPS = {
  begin: 'BEGIN; SET LOCAL',
  'lock rows': 'orchestrator_lockRowsSkipping\0',
  'lock the header': 'orchestrator_lockMeta\0',
  write: 'orchestrator_commit\0',
  COMMIT: 'COMMIT\0',
};

describe('a connection lost at each step of a change', () => {
  test.each(Object.keys(STEPS).flatMap((step) => [[step, 'before'] as const, [step, 'after'] as const]))(
    'at %s (cut %s the server has it): applied exactly once, and the answer says so',
    async (step, when) => {
      const p = await twoProcesses();
      await p.near.list();
      const cut = p.proxy.cutAt(STEPS[step as keyof typeof STEPS], when);
      // A generated id reads and writes the header, and writes a new row: every step runs.
      const created = await p.near.create({ title: 'once' }, actor);
      await cut;
      expect(created.id).toBe('t1');
      const history = await p.other.history();
      expect(history.map((event) => [event.op, event.taskId])).toEqual([['create', 't1']]);
      expect((await p.other.snapshot()).counters.task).toBe(1);
      expect((await p.near.list()).tasks.map((task) => task.id)).toEqual(['t1']);
    },
  );

  test('while following other processes: the change still runs, on a new connection', async () => {
    const p = await twoProcesses();
    await p.near.list();
    await p.other.create({ id: 'a', title: 'A' }, actor);
    const cut = p.proxy.cutAt('orchestrator_changesSince\0', 'before');
    expect(await p.near.next({ worker: 'near' })).toMatchObject({ id: 'a', assignee: 'near' });
    await cut;
  });
});

describe('a process frozen in the middle of a change', () => {
  test('the server aborts its transaction; others go on, and on waking it neither claims twice nor fails oddly', async () => {
    const p = await twoProcesses({ idleInTransactionMs: 1_000 });
    await p.other.create({ id: 'a', title: 'A' }, actor);
    await p.near.list();
    // Frozen with the row of "a" locked, before it writes.
    const holding = p.proxy.holdAt('orchestrator_commit\0');
    const nearClaiming = p.near.next({ worker: 'near' });
    const { release } = await holding;
    // Another process waits for the row; the server ends the frozen transaction after a second.
    await p.other.update('a', { title: 'renamed' }, actor);
    release();
    // On waking, the claim finds that "a" moved, and runs again on what is there now.
    expect(await nearClaiming).toMatchObject({ id: 'a', title: 'renamed', assignee: 'near' });
    const history = await p.other.history();
    expect(history.map((event) => event.op)).toEqual(['create', 'update', 'claim']);
  });
});
