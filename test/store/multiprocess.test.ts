import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { openTaskStore, TaskService, storeDocumentSchema } from '../../src/core/index.js';
import { readLockOwner } from '../../src/store/index.js';
import { fixture, isolatedEnv, startNode, waitForOutput } from '../helpers/bin.js';
import { testdir } from '../helpers/testdir.js';
import { scaled } from '../helpers/torture.js';
import { readStoreFiles } from '../helpers/store-files.js';

const STALE_MS = 2_000;
const lock = { staleMs: STALE_MS, waitMs: 15_000 };

function serviceFor(dataDir: string) {
  return new TaskService(openTaskStore(dataDir, { lock }));
}

describe('several processes on one store', () => {
  test('claiming from one pool never claims a task twice and never loses an acknowledged completion', async () => {
    const dir = testdir();
    const dataDir = path.join(dir, 'data');
    const service = serviceFor(dataDir);
    const TASKS = 120;
    // Chains of three, so workers also wait on each other's completions.
    await service.createMany(
      Array.from({ length: TASKS }, (_, i) => ({ id: `p${i}`, title: `task ${i}`, dependencies: i % 3 === 0 ? [] : [`p${i - 1}`] })),
      'test',
    );

    const env = isolatedEnv(dir, { ORCHESTRATOR_LOCK_STALE_MS: String(STALE_MS) });
    const workers = ['w1', 'w2', 'w3', 'w4'].map((id) => ({ id, child: startNode(fixture('claim-worker.mjs'), [dataDir, id], env) }));
    const outputs = await Promise.all(workers.map(async ({ id, child }) => ({ id, ...(await child.output) })));

    const claims = new Map<string, string[]>();
    const acknowledged: Array<[string, string]> = [];
    for (const output of outputs) {
      expect(output.code, output.stderr).toBe(0);
      for (const line of output.stdout.trim().split('\n')) {
        const [verb, taskId] = line.split(' ') as [string, string];
        if (verb === 'claimed') claims.set(taskId, [...(claims.get(taskId) ?? []), output.id]);
        if (verb === 'completed') acknowledged.push([taskId, output.id]);
      }
    }
    const doubled = [...claims].filter(([, by]) => by.length > 1);
    expect(doubled).toEqual([]);
    expect(claims.size).toBe(TASKS);

    const doc = await service.snapshot();
    for (const [taskId, worker] of acknowledged) {
      expect(doc.tasks[taskId]).toMatchObject({ status: 'completed', assignee: worker, result: `done by ${worker}` });
    }
    expect(acknowledged).toHaveLength(TASKS);
    // Every worker took part (the pool is large enough for all four to get some).
    expect(new Set(acknowledged.map(([, worker]) => worker)).size).toBeGreaterThan(1);

    // The event log agrees with the store: one claim and one completion per task, revisions strictly increasing.
    const events = await service.history();
    const claimsLogged = events.filter((event) => event.op === 'claim').map((event) => event.taskId);
    expect(new Set(claimsLogged).size).toBe(claimsLogged.length);
    expect(claimsLogged).toHaveLength(TASKS);
    expect(events.filter((event) => event.op === 'complete')).toHaveLength(TASKS);
    const revisions = [...new Set(events.map((event) => event.rev))];
    expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
    // Revisions without events only record workers being seen; the log never runs ahead of the store.
    expect(revisions.at(-1)).toBeLessThanOrEqual(doc.revision);
    expect(Object.keys(doc.workers).sort()).toEqual(['w1', 'w2', 'w3', 'w4']);
  });

  test(
    'a writer killed with SIGKILL at random moments leaves a store that parses and keeps every acknowledged change',
    async () => {
      const dir = testdir();
      const dataDir = path.join(dir, 'data');
      const service = serviceFor(dataDir);
      // A larger store makes each write take longer, so kills land inside writes more often.
      await service.createMany(
        Array.from({ length: 2000 }, (_, i) => ({ id: `seed${i}`, title: `seed ${i}`, description: 'x'.repeat(200) })),
        'test',
      );
      const env = isolatedEnv(dir, { ORCHESTRATOR_LOCK_STALE_MS: String(STALE_MS) });
      const acked = new Set<string>();

      for (let round = 0; round < scaled(6, 40); round++) {
        const writer = startNode(fixture('writer.mjs'), [dataDir, `r${round}`], env);
        await waitForOutput(writer, 'acked ', 20_000);
        await new Promise((resolve) => setTimeout(resolve, 20 + Math.floor(Math.random() * 150)));
        writer.kill('SIGKILL');
        const { stdout, signal } = await writer.output;
        expect(signal).toBe('SIGKILL');
        for (const line of stdout.split('\n')) if (line.startsWith('acked ')) acked.add(line.slice(6));

        // Whatever the moment of the kill: the file parses, validates, and holds every acknowledged change.
        const doc = storeDocumentSchema.parse(await readStoreFiles(dataDir));
        for (const id of acked) expect(doc.tasks[id], `acknowledged ${id} is missing`).toBeDefined();
      }
      expect(acked.size).toBeGreaterThan(0);

      // The next change goes through, taking over a lock the last writer may have left behind.
      const after = serviceFor(dataDir);
      await after.create({ id: 'after', title: 'after the kills' }, 'test');
      const events = await after.history();
      const created = new Set(events.filter((event) => event.op === 'create').map((event) => event.taskId));
      const doc = await after.snapshot();
      // The log agrees with the store: every task in it was logged, and nothing uncommitted was kept.
      expect(Object.keys(doc.tasks).filter((id) => !created.has(id))).toEqual([]);
      expect([...created].filter((id) => !doc.tasks[String(id)])).toEqual([]);
    },
    scaled(90_000, 600_000),
  );

  test('a lock left by a killed process is taken over at once; a live holder is never, however long it holds it', async () => {
    const dir = testdir();
    const dataDir = path.join(dir, 'data');
    const service = serviceFor(dataDir);
    await service.create({ id: 'a', title: 'before' }, 'test');
    const storeFile = path.join(dataDir, 'store.json');
    const holder = startNode(fixture('hold-lock.mjs'), [storeFile], isolatedEnv(dir, { ORCHESTRATOR_LOCK_STALE_MS: String(STALE_MS) }));
    await waitForOutput(holder, 'locked');
    expect(readLockOwner(storeFile)?.pid).toBe(holder.pid);

    // Frozen for longer than the stale timeout, the holder still holds the lock: a waiter gives up, naming it.
    holder.kill('SIGSTOP');
    const impatient = new TaskService(openTaskStore(dataDir, { lock: { staleMs: STALE_MS, waitMs: STALE_MS + 1_000 } }));
    await expect(impatient.create({ title: 'too soon' }, 'test')).rejects.toThrow(new RegExp(`locked by pid ${holder.pid}.*kill ${holder.pid}`));
    expect(readLockOwner(storeFile)?.pid).toBe(holder.pid);
    holder.kill('SIGCONT');

    holder.kill('SIGKILL');
    await holder.output;
    expect(existsSync(`${storeFile}.lock`)).toBe(true);
    await service.create({ id: 'b', title: 'after the holder died' }, 'test');
    expect(Object.keys((await service.snapshot()).tasks)).toEqual(['a', 'b']);
    expect(existsSync(`${storeFile}.lock`)).toBe(false);
  }, 30_000);
});
