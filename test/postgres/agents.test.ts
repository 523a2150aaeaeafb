import { describe, expect, test } from 'vitest';
import { TaskService } from '../../src/core/index.js';
import type { LoggedEvent } from '../../src/store/index.js';
import { isolatedEnv, runCli } from '../helpers/bin.js';
import { stdioClient } from '../helpers/e2e.js';
import { startCluster } from '../../bench/pg-cluster.mjs';
import { freshStoreUrl, openTestStore } from '../helpers/postgres.js';
import { testdir } from '../helpers/testdir.js';
import { scaled, summarise } from '../helpers/torture.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Claim {
  taskId: string;
  worker: string;
}

interface Run {
  claims: Claim[];
  acknowledged: Claim[];
  failedCalls: number;
  kills: number;
}

/**
 * Agents on one PostgreSQL store: `servers` orchestrator serve processes (each an agent in its own MCP client) and a
 * CLI loop, claiming and completing `tasks` tasks. `spoil` runs beside them (kills, a database restart). Leases are
 * short, so that a task held by an agent that was killed comes back to the others.
 */
async function agents(
  url: string,
  options: { servers: number; tasks: number; spoil?: (run: Run, restartServer: (i: number) => Promise<void>) => Promise<void> },
) {
  const dir = testdir();
  const env = isolatedEnv(dir, { ORCHESTRATOR_STORE: url, ORCHESTRATOR_LEASE_SECONDS: '5', ORCHESTRATOR_LOCK_WAIT_MS: '20000' });
  const seed = new TaskService(openTestStore(url));
  for (let start = 0; start < options.tasks; start += 1000) {
    await seed.createMany(
      Array.from({ length: Math.min(1000, options.tasks - start) }, (_, k) => {
        const i = start + k;
        return { id: `job${i}`, title: `Job ${i}`, role: i % 10 === 3 ? 'documenter' : null, dependencies: i % 5 === 4 ? [`job${i - 1}`] : [] };
      }),
      'seed',
    );
  }
  const run: Run = { claims: [], acknowledged: [], failedCalls: 0, kills: 0 };
  const allDone = async () => (await seed.list({ limit: 1 })).counts.completed === options.tasks;
  let finished = false;

  const servers = await Promise.all(Array.from({ length: options.servers }, () => stdioClient(env)));
  const restartServer = async (index: number) => {
    run.kills++;
    // SIGKILL, whatever it is in the middle of: an answer it never gave was never acknowledged.
    const pid = servers[index]!.transport.pid;
    if (pid) process.kill(pid, 'SIGKILL');
    await servers[index]!.client.close().catch(() => undefined);
    servers[index] = await stdioClient(env);
  };
  const serverLoop = async (index: number) => {
    const worker = `agent-${index}`;
    for (let round = 0; round < 40 * options.tasks && !finished; round++) {
      const server = servers[index]!;
      const next = await server.call('orchestrator_get_next_task', { worker_id: worker }).catch(() => undefined);
      if (!next || next.isError) {
        run.failedCalls++;
        await pause(100);
        continue;
      }
      const task = (next.structuredContent as { task: { id: string } | null }).task;
      if (!task) {
        if (await allDone().catch(() => false)) return;
        await pause(30);
        continue;
      }
      run.claims.push({ taskId: task.id, worker });
      const done = await server
        .call('orchestrator_complete_subtask', {
          task_id: task.id,
          worker_id: worker,
          summary: `done by ${worker}`,
          detailed_work: `work on ${task.id}`,
        })
        .catch(() => undefined);
      if (done && !done.isError) run.acknowledged.push({ taskId: task.id, worker });
      else run.failedCalls++;
    }
  };
  const cliLoop = async () => {
    const worker = 'cli-loop';
    for (let round = 0; round < 4 * options.tasks && !finished; round++) {
      const next = await runCli(['tasks', 'next', '--worker', worker, '--role', 'documenter', '--lease', '5', '--json'], env);
      if (next.code !== 0) {
        run.failedCalls++;
        await pause(100);
        continue;
      }
      const task = (JSON.parse(next.stdout) as { task: { id: string } | null }).task;
      if (!task) {
        if (await allDone().catch(() => false)) return;
        await pause(100);
        continue;
      }
      run.claims.push({ taskId: task.id, worker });
      const done = await runCli(['tasks', 'done', task.id, '--worker', worker, '--json'], env);
      if (done.code === 0) run.acknowledged.push({ taskId: task.id, worker });
      else run.failedCalls++;
    }
  };
  const spoiling = options.spoil?.(run, restartServer);
  await Promise.all([...servers.map((_, index) => serverLoop(index)), cliLoop()]);
  finished = true;
  await spoiling;
  return { run, seed, servers };
}

/** Every claim of a task came after the previous holder's claim ended (completed, failed, expired, reset). */
function doubleClaims(events: readonly LoggedEvent[]): string[] {
  const holder = new Map<string, string>();
  const doubled: string[] = [];
  for (const event of events) {
    const id = String(event.taskId);
    if (event.op === 'claim') {
      if (holder.has(id) && holder.get(id) !== event.actor) doubled.push(`${id}: ${holder.get(id)} and ${String(event.actor)}`);
      holder.set(id, String(event.actor));
    } else if (['complete', 'fail', 'expire', 'reset', 'revise', 'cancel'].includes(String(event.op))) {
      holder.delete(id);
    }
  }
  return doubled;
}

async function expectKept(seed: TaskService, run: Run, tasks: number) {
  const doc = await seed.snapshot();
  // Nothing left behind (a task held by a killed agent came back when its lease ran out).
  expect(
    Object.values(doc.tasks)
      .filter((task) => task.status !== 'completed')
      .map((task) => `${task.id} ${task.status} ${task.assignee}`),
  ).toEqual([]);
  // Every acknowledged completion is in the store, under the worker that was told it succeeded.
  for (const { taskId, worker } of run.acknowledged) expect(doc.tasks[taskId], taskId).toMatchObject({ status: 'completed', assignee: worker });
  expect(Object.values(doc.tasks).filter((task) => task.status === 'completed')).toHaveLength(tasks);
  const events = await seed.history();
  expect(doubleClaims(events)).toEqual([]);
  // The history agrees with the store.
  expect(await seed.historyProblems()).toEqual([]);
  const completes = events.filter((event) => event.op === 'complete').map((event) => String(event.taskId));
  expect(completes.sort()).toEqual(Object.keys(doc.tasks).sort());
}

describe('agents on one PostgreSQL store', () => {
  test(
    `${scaled(4, 32)} serve processes and a CLI loop, one agent SIGKILLed mid-change: nothing claimed twice, nothing acknowledged lost`,
    async () => {
      const tasks = scaled(80, 5_000);
      const { run, seed, servers } = await agents(freshStoreUrl(), {
        servers: scaled(4, 32),
        tasks,
        spoil: async (current, restartServer) => {
          for (let kill = 0; kill < scaled(1, 6); kill++) {
            await pause(scaled(400, 3_000));
            await restartServer(kill % scaled(4, 32));
          }
        },
      });
      await expectKept(seed, run, tasks);
      expect(run.kills).toBe(scaled(1, 6));
      summarise(
        `postgres agents: ${servers.length} servers + CLI loop, ${tasks} tasks, ${run.claims.length} claims, ${run.acknowledged.length} acknowledged, ${run.kills} agents killed, ${run.failedCalls} failed calls`,
      );
      for (const server of servers) expect((await server.data('orchestrator_health_check')).status).toBe('ok');
    },
    scaled(120_000, 1_800_000),
  );

  test(
    'PostgreSQL restarted in the middle of a run: clients reconnect, nothing acknowledged is lost',
    async () => {
      const cluster = await startCluster();
      try {
        const url = new URL(cluster.adminUrl);
        url.searchParams.set('schema', 'restarted');
        const tasks = scaled(60, 600);
        const { run, seed } = await agents(url.toString(), {
          servers: scaled(3, 8),
          tasks,
          spoil: async () => {
            await pause(scaled(500, 2_000));
            await cluster.restart({ downMs: 1_500 });
          },
        });
        await expectKept(seed, run, tasks);
        summarise(
          `postgres restart: ${run.claims.length} claims, ${run.acknowledged.length} acknowledged, ${run.failedCalls} calls failed while it was down`,
        );
      } finally {
        await cluster.stop();
      }
    },
    scaled(120_000, 900_000),
  );
});
