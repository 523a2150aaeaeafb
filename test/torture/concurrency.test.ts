import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { openTaskStore, TaskService } from '../../src/core/index.js';
import { isolatedEnv, runCli } from '../helpers/bin.js';
import { stdioClient } from '../helpers/e2e.js';
import { testdir } from '../helpers/testdir.js';
import { scaled, summarise } from '../helpers/torture.js';

const SERVERS = scaled(3, 8);
const TASKS = scaled(60, 400);
const ENV = { ORCHESTRATOR_LOCK_STALE_MS: '2000', ORCHESTRATOR_TOOLSETS: 'standard' };

interface Claim {
  taskId: string;
  worker: string;
}

interface LoggedEvent {
  rev: number;
  op: string;
  taskId?: string;
  actor?: string;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Roles split the pool so that every kind of client is sure to take part: `documenter` tasks suit only the CLI loop,
 * `implementer` tasks only the servers, and tasks without a role suit everyone. Every fifth task waits for the
 * one before it, so clients also wait on each other's completions.
 */
function seedInputs() {
  return Array.from({ length: TASKS }, (_, i) => ({
    id: `job${i}`,
    title: `Job ${i}`,
    role: i % 10 === 3 ? 'documenter' : i % 3 === 0 ? 'implementer' : null,
    dependencies: i % 5 === 4 ? [`job${i - 1}`] : [],
  }));
}

describe('servers and a CLI loop on one store', () => {
  test(`${SERVERS} orchestrator serve processes and a CLI loop share ${TASKS} tasks: nothing claimed twice, nothing lost, the log agrees`, async () => {
    const dir = testdir();
    const env = isolatedEnv(dir, ENV);
    const dataDir = path.join(dir, 'data');
    const seed = new TaskService(openTaskStore(dataDir, { lock: { staleMs: 2_000, waitMs: 15_000 } }));
    await seed.createMany(seedInputs(), 'seed');

    const claims: Claim[] = [];
    const acknowledged: Claim[] = [];
    const refusals: string[] = [];
    const allDone = async () => (await seed.list({ limit: 1 })).counts.completed === TASKS;

    const servers = await Promise.all(Array.from({ length: SERVERS }, () => stdioClient(env)));
    const serverLoops = servers.map(async (server, index) => {
      const worker = `agent-${index}`;
      for (let round = 0; round < 20 * TASKS; round++) {
        const next = await server.call('orchestrator_get_next_task', { worker_id: worker, roles: ['implementer'] });
        if (next.isError) throw new Error(`${worker}: get_next_task failed: ${JSON.stringify(next.content)}`);
        const task = (next.structuredContent as { task: { id: string } | null }).task;
        if (!task) {
          if (await allDone()) return;
          await pause(20);
          continue;
        }
        claims.push({ taskId: task.id, worker });
        // Some work takes a moment, and sometimes the worker says it is still alive.
        if (round % 4 === 0) await pause(Math.floor(Math.random() * 30));
        if (round % 7 === 0) await server.data('orchestrator_heartbeat', { task_id: task.id, worker_id: worker });
        const done = await server.call('orchestrator_complete_subtask', {
          task_id: task.id,
          worker_id: worker,
          summary: `done by ${worker}`,
          detailed_work: `work on ${task.id}`,
        });
        if (done.isError) refusals.push(`${worker} ${task.id}: ${JSON.stringify(done.content)}`);
        else acknowledged.push({ taskId: task.id, worker });
      }
      throw new Error(`${worker} did not finish`);
    });

    const cliLoop = (async () => {
      const worker = 'cli-loop';
      for (let round = 0; round < 4 * TASKS; round++) {
        const next = await runCli(['tasks', 'next', '--worker', worker, '--role', 'documenter', '--json'], env);
        if (next.code !== 0) throw new Error(`tasks next failed: ${next.stderr}`);
        const task = (JSON.parse(next.stdout) as { task: { id: string } | null }).task;
        if (!task) {
          if (await allDone()) return;
          await pause(50);
          continue;
        }
        claims.push({ taskId: task.id, worker });
        const done = await runCli(['tasks', 'done', task.id, '--worker', worker, '--result', `done by ${worker}`, '--json'], env);
        if (done.code !== 0) refusals.push(`${worker} ${task.id}: ${done.stderr}`);
        else acknowledged.push({ taskId: task.id, worker });
      }
      throw new Error('the CLI loop did not finish');
    })();

    await Promise.all([...serverLoops, cliLoop]);

    expect(refusals).toEqual([]);
    // No task was claimed twice, and every task was claimed.
    const claimedIds = claims.map((claim) => claim.taskId);
    expect(claimedIds.filter((id, i) => claimedIds.indexOf(id) !== i)).toEqual([]);
    expect(new Set(claimedIds).size).toBe(TASKS);
    // Every kind of client took part.
    for (const worker of [...servers.map((_, i) => `agent-${i}`), 'cli-loop']) {
      expect(
        claims.some((claim) => claim.worker === worker),
        `${worker} claimed nothing`,
      ).toBe(true);
    }

    // Every acknowledged completion is in the store, under the worker that was told it succeeded.
    const doc = await seed.snapshot();
    for (const { taskId, worker } of acknowledged) expect(doc.tasks[taskId], taskId).toMatchObject({ status: 'completed', assignee: worker });
    expect(acknowledged).toHaveLength(TASKS);

    // The event log agrees with the store and with what the clients recorded.
    const events = readFileSync(path.join(dataDir, 'events.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as LoggedEvent);
    const completes = events.filter((event) => event.op === 'complete').map((event) => event.taskId);
    expect(completes.slice().sort()).toEqual(Object.keys(doc.tasks).sort());
    const loggedClaims = events.filter((event) => event.op === 'claim').map((event) => `${event.taskId} ${event.actor}`);
    expect(loggedClaims.sort()).toEqual(claims.map((claim) => `${claim.taskId} ${claim.worker}`).sort());
    const revisions = events.map((event) => event.rev);
    for (let i = 1; i < revisions.length; i++) expect(revisions[i]!, `event ${i}`).toBeGreaterThanOrEqual(revisions[i - 1]!);
    expect(revisions.at(-1)).toBeLessThanOrEqual(doc.revision);

    const cliClaims = claims.filter((claim) => claim.worker === 'cli-loop').length;
    summarise(
      `concurrency: ${SERVERS} servers and a CLI loop, ${claims.length} claims (${cliClaims} by the CLI), 0 double claims, ${acknowledged.length} acknowledged completions, all in the store and the log`,
    );

    // Every server is still answering.
    for (const server of servers) expect((await server.data('orchestrator_health_check')).status).toBe('ok');
  }, 180_000);
});
