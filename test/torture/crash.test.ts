import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { openTaskStore, storeDocumentSchema, TaskService } from '../../src/core/index.js';
import { readLockOwner } from '../../src/store/index.js';
import { binPath, isolatedEnv, startNode } from '../helpers/bin.js';
import { stdioClient } from '../helpers/e2e.js';
import { testdir } from '../helpers/testdir.js';
import { scaled, summarise } from '../helpers/torture.js';
import { readStoreFiles } from '../helpers/store-files.js';

const ROUNDS = scaled(5, 30);
const STALE_MS = 2_000;
const SEEDED = 1_500;

type Server = Awaited<ReturnType<typeof stdioClient>>;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What clients were told succeeded: created task ids and completed task ids. */
interface Acks {
  created: Set<string>;
  completed: Set<string>;
}

/** Creates tasks one after another, and claims and completes seeded ones, recording every acknowledged change. */
async function keepWriting(server: Server, prefix: string, acks: Acks, running: () => boolean) {
  for (let i = 0; running(); i++) {
    try {
      const created = await server.call('orchestrator_create_generic_task', { title: `written ${i}`, task_id: `${prefix}-${i}` });
      if (!created.isError) acks.created.add(`${prefix}-${i}`);
      if (i % 2 === 0) {
        const next = await server.call('orchestrator_get_next_task', { worker_id: prefix });
        const task = (next.structuredContent as { task?: { id: string } | null } | undefined)?.task;
        if (task) {
          const done = await server.call('orchestrator_complete_subtask', { task_id: task.id, worker_id: prefix, summary: 's', detailed_work: 'w' });
          if (!done.isError) acks.completed.add(task.id);
        }
      }
    } catch {
      // The connection went away with the process: what was not answered was not acknowledged.
      return;
    }
  }
}

/** Resolves true as soon as process `pid` holds the store lock (its owner record names it), false after `ms`. */
async function whenHolding(storeFile: string, pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (readLockOwner(storeFile)?.pid === pid) return true;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return false;
}

/** The store as a new process reads it from disk: it must parse and validate, and hold every acknowledged change. */
async function expectIntact(storeFile: string, acks: Acks, when: string) {
  const doc = storeDocumentSchema.parse(await readStoreFiles(path.dirname(storeFile)));
  for (const id of acks.created) expect(doc.tasks[id], `${when}: acknowledged creation of ${id} is missing`).toBeDefined();
  for (const id of acks.completed) expect(doc.tasks[id]?.status, `${when}: acknowledged completion of ${id}`).toBe('completed');
}

describe('orchestrator serve and CLI processes killed with SIGKILL while they write', () => {
  test(`${ROUNDS} rounds: the store always parses, keeps every acknowledged change, and the lock is recovered`, async () => {
    const dir = testdir();
    const env = isolatedEnv(dir, { ORCHESTRATOR_LOCK_STALE_MS: String(STALE_MS), ORCHESTRATOR_TOOLSETS: 'standard' });
    const dataDir = path.join(dir, 'data');
    const storeFile = path.join(dataDir, 'store.json');
    const seed = new TaskService(openTaskStore(dataDir, { lock: { staleMs: STALE_MS, waitMs: 15_000 } }));
    // A larger store makes every write take longer, so kills land inside writes more often.
    await seed.createMany(
      Array.from({ length: SEEDED }, (_, i) => ({ id: `seed${i}`, title: `seed ${i}`, description: 'x'.repeat(200) })),
      'seed',
    );

    const acks: Acks = { created: new Set(), completed: new Set() };
    // A server that lives through every round: after each kill it must get the lock back and go on.
    const survivor = await stdioClient(env);
    let surviving = true;
    const survivorLoop = keepWriting(survivor, 'survivor', acks, () => surviving);
    let killedHoldingLock = 0;

    for (let round = 0; round < ROUNDS; round++) {
      const victim = await stdioClient(env);
      const pid = victim.transport.pid!;
      let alive = true;
      const victimLoop = keepWriting(victim, `victim${round}`, acks, () => alive);
      // A CLI process writing at the same time, killed at the same moment (sometimes while it is still starting).
      let cliAcked = 0;
      let cli = startNode(binPath, ['tasks', 'add', `cli ${round}`, '--id', `cli${round}-0`], env);
      const cliLoop = (async () => {
        for (let i = 0; alive; i++) {
          const { code, signal } = await cli.output;
          if (signal) return;
          if (code === 0) {
            acks.created.add(`cli${round}-${i}`);
            cliAcked++;
          }
          if (!alive) return;
          cli = startNode(binPath, ['tasks', 'add', `cli ${round}`, '--id', `cli${round}-${i + 1}`], env);
        }
      })();

      // Even rounds kill at a random moment; odd rounds at the moment the victim holds the lock, inside a write.
      const delay = 50 + Math.floor(Math.random() * 600);
      await pause(delay);
      if (round % 2 === 1) await whenHolding(storeFile, pid, 5_000);
      alive = false;
      process.kill(pid, 'SIGKILL');
      cli.kill('SIGKILL');
      await Promise.all([victimLoop, cliLoop]);
      // The owner record is removed before the lock is released: if it still names the victim, it died holding the lock.
      if (readLockOwner(storeFile)?.pid === pid) killedHoldingLock++;

      await expectIntact(storeFile, acks, `round ${round} (killed after ${delay} ms, ${cliAcked} CLI writes)`);
      // The survivor goes on: whatever lock the dead left behind is taken over once stale.
      const before = acks.created.size;
      for (let wait = 0; acks.created.size === before; wait++) {
        if (wait > 200) throw new Error(`round ${round}: the surviving server made no progress for 20 s after the kill`);
        await pause(100);
      }
    }

    surviving = false;
    await survivorLoop;
    await expectIntact(storeFile, acks, 'at the end');
    expect(acks.created.size).toBeGreaterThan(ROUNDS);
    expect(acks.completed.size).toBeGreaterThan(0);
    // At least one kill left a lock behind, and the survivor took it over.
    expect(killedHoldingLock).toBeGreaterThan(0);
    summarise(
      `crash: ${ROUNDS} rounds, ${killedHoldingLock} servers killed holding the lock, ${acks.created.size} creations and ${acks.completed.size} completions acknowledged, all in the store`,
    );

    // The log agrees with the store: one creation per task, one completion per completed task, nothing that did not commit.
    const after = new TaskService(openTaskStore(dataDir, { lock: { staleMs: STALE_MS, waitMs: 15_000 } }));
    await after.create({ id: 'after', title: 'after the kills' }, 'test');
    const doc = await after.snapshot();
    const events = await after.history();
    const created = events.filter((event) => event.op === 'create').map((event) => String(event.taskId));
    expect(created.slice().sort()).toEqual(Object.keys(doc.tasks).sort());
    const completed = events.filter((event) => event.op === 'complete').map((event) => String(event.taskId));
    const completedInStore = Object.values(doc.tasks)
      .filter((task) => task.status === 'completed')
      .map((task) => task.id);
    expect(completed.slice().sort()).toEqual(completedInStore.sort());
    expect((await survivor.data('orchestrator_health_check')).status).toBe('ok');
  }, 300_000);
});
