import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { openTaskStore, TaskService } from '../../src/core/index.js';
import { isolatedEnv, stdioClient } from '../helpers/e2e.js';
import { testdir } from '../helpers/testdir.js';

const PROCESSES = 3;
const TASKS = 60;

describe('several orchestrator serve processes on one data directory', () => {
  test(`${PROCESSES} servers, each driven by its own client, share a pool of ${TASKS} tasks: none claimed twice, none lost`, async () => {
    const dir = testdir();
    const env = isolatedEnv(dir);
    const dataDir = path.join(dir, 'data');
    // Every fifth task waits for the one before it, so workers also meet tasks that are not ready yet.
    const seed = new TaskService(openTaskStore(dataDir));
    await seed.createMany(
      Array.from({ length: TASKS }, (_, i) => ({ id: `job${i}`, title: `Job ${i}`, dependencies: i % 5 === 4 ? [`job${i - 1}`] : [] })),
      'seed',
    );

    const servers = await Promise.all(Array.from({ length: PROCESSES }, () => stdioClient(env)));
    const claims: Array<Array<string>> = servers.map(() => []);
    const refusals: string[] = [];

    await Promise.all(
      servers.map(async (server, index) => {
        const worker = `agent-${index}`;
        // Bounded: far more rounds than tasks, in case others hold what this worker waits for.
        for (let round = 0; round < 2_000; round++) {
          const next = await server.call('orchestrator_get_next_task', { worker_id: worker });
          if (next.isError) throw new Error(`get_next_task failed: ${JSON.stringify(next.content)}`);
          const task = (next.structuredContent as { task: { id: string } | null }).task;
          if (!task) {
            const status = await server.data('orchestrator_get_status');
            if (status.counts.completed === TASKS) return;
            await new Promise((resolve) => setTimeout(resolve, 10));
            continue;
          }
          claims[index]!.push(task.id);
          const done = await server.call('orchestrator_complete_subtask', {
            task_id: task.id,
            worker_id: worker,
            summary: `done by ${worker}`,
            detailed_work: `work on ${task.id}`,
          });
          if (done.isError) refusals.push(`${worker} ${task.id}: ${JSON.stringify(done.content)}`);
        }
        throw new Error(`${worker} did not finish`);
      }),
    );

    expect(refusals).toEqual([]);
    const all = claims.flat();
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe(TASKS);
    // Every server took part and is still answering.
    for (const [index, server] of servers.entries()) {
      expect(claims[index]!.length, `agent-${index} claimed nothing`).toBeGreaterThan(0);
      expect((await server.data('orchestrator_health_check')).status).toBe('ok');
    }

    const store = JSON.parse(readFileSync(path.join(dataDir, 'store.json'), 'utf8')) as {
      tasks: Record<string, { status: string; assignee: string; artifacts: unknown[] }>;
    };
    for (const [index, ids] of claims.entries()) {
      for (const id of ids) expect(store.tasks[id]).toMatchObject({ status: 'completed', assignee: `agent-${index}` });
    }
    expect(Object.values(store.tasks).every((task) => task.artifacts.length === 1)).toBe(true);
    const events = readFileSync(path.join(dataDir, 'events.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { op: string; taskId: string; actor: string });
    const claimEvents = events.filter((event) => event.op === 'claim');
    expect(claimEvents.map((event) => event.taskId).sort()).toEqual([...all].sort());
    expect(events.filter((event) => event.op === 'complete')).toHaveLength(TASKS);
    for (const event of claimEvents) expect(claims[Number(event.actor.split('-')[1])]).toContain(event.taskId);
  });
});
