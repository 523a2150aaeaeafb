// The MCP server over stdio, as clients use it: start-up, per-tool latency on a store of 1,000 tasks, and the
// rate at which several server processes on one store claim and complete tasks.
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { bin, isolatedEnv, median, percentile, round, seedTasks, tempDir, timeRuns } from '../lib.mjs';

export const name = 'server';
export const title = 'orchestrator serve (MCP over stdio)';

const SPAWNS = 15;
const STORE_TASKS = 1000;
const CALLS = 60;
const CLAIMS = 100;
const POOL_CLAIMS = 240;
const SMALL_STORE = 120;

async function startServer(env) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [bin, 'serve', '--log-level', 'warn'],
    env,
    stderr: 'ignore',
  });
  const client = new Client({ name: 'bench', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

async function call(client, name, args) {
  const result = await client.callTool({ name, arguments: args });
  if (result.isError) throw new Error(`${name}: ${JSON.stringify(result.content)}`);
  return result.structuredContent;
}

function latencyRows(label, times, method) {
  return [
    { metric: `${label} median`, value: round(median(times)), unit: 'ms', method },
    { metric: `${label} p99`, value: round(percentile(times, 99)), unit: 'ms', method },
  ];
}

export async function run() {
  const rows = [];
  const dir = tempDir();

  // Start-up: spawn the binary, initialize, list the tools; the client's clock, end to end.
  const startup = await timeRuns(
    async () => {
      const client = await startServer(isolatedEnv(dir, { ORCHESTRATOR_DATA_DIR: path.join(dir, 'startup') }));
      await client.listTools();
      await client.close();
    },
    { runs: SPAWNS, warmup: 2 },
  );
  rows.push({
    metric: 'spawn → initialize → tools/list median',
    value: round(median(startup)),
    unit: 'ms',
    method: `${SPAWNS} spawns after 2 warm-up, median (target < 150 ms)`,
  });
  rows.push({
    metric: 'spawn → initialize → tools/list p90',
    value: round(percentile(startup, 90)),
    unit: 'ms',
    method: `${SPAWNS} spawns`,
  });

  // Per-tool latency on a store holding 1,000 tasks.
  const dataDir = path.join(dir, 'store-1000');
  await seedTasks(dataDir, STORE_TASKS);
  const client = await startServer(isolatedEnv(dir, { ORCHESTRATOR_DATA_DIR: dataDir }));
  const per = `${CALLS} calls after 5 warm-up, ${STORE_TASKS} tasks in the store`;
  rows.push(
    ...latencyRows(
      'orchestrator_get_status',
      await timeRuns(() => call(client, 'orchestrator_get_status', {}), { runs: CALLS, warmup: 5 }),
      per,
    ),
  );
  rows.push(
    ...latencyRows(
      'orchestrator_query_tasks (50 per page)',
      await timeRuns((i) => call(client, 'orchestrator_query_tasks', { limit: 50, offset: (i * 50) % 900 }), { runs: CALLS, warmup: 5 }),
      per,
    ),
  );
  rows.push(
    ...latencyRows(
      'orchestrator_create_generic_task',
      await timeRuns((i) => call(client, 'orchestrator_create_generic_task', { title: `Bench task ${i}`, specialist_type: 'tester' }), {
        runs: CALLS,
        warmup: 5,
      }),
      per,
    ),
  );
  const claimComplete = await timeRuns(
    async (i) => {
      const { task } = await call(client, 'orchestrator_get_next_task', { worker_id: 'bench' });
      await call(client, 'orchestrator_complete_subtask', {
        task_id: task.id,
        worker_id: 'bench',
        summary: `done ${i}`,
        detailed_work: `work ${i}`,
      });
    },
    { runs: CLAIMS, warmup: 5 },
  );
  rows.push(
    ...latencyRows(
      'claim + complete (get_next_task + complete_subtask)',
      claimComplete,
      `${CLAIMS} pairs after 5 warm-up, ${STORE_TASKS} tasks in the store (target < 3 ms median)`,
    ),
  );
  await client.close();

  // The same on a nearly empty store: what a call costs apart from rewriting a large store.json.
  const smallDir = path.join(dir, 'store-small');
  await seedTasks(smallDir, SMALL_STORE);
  const small = await startServer(isolatedEnv(dir, { ORCHESTRATOR_DATA_DIR: smallDir }));
  const smallPairs = await timeRuns(
    async (i) => {
      const { task } = await call(small, 'orchestrator_get_next_task', { worker_id: 'bench' });
      await call(small, 'orchestrator_complete_subtask', {
        task_id: task.id,
        worker_id: 'bench',
        summary: `done ${i}`,
        detailed_work: `work ${i}`,
      });
    },
    { runs: CLAIMS, warmup: 5 },
  );
  rows.push(...latencyRows(`claim + complete, ${SMALL_STORE} tasks in the store`, smallPairs, `${CLAIMS} pairs after 5 warm-up`));
  await small.close();

  // Several processes on one store: each server's client claims and completes its share of the work.
  for (const processes of [1, 2, 4]) {
    const poolDir = path.join(dir, `pool-${processes}`);
    await seedTasks(poolDir, STORE_TASKS);
    const env = isolatedEnv(dir, { ORCHESTRATOR_DATA_DIR: poolDir });
    const clients = await Promise.all(Array.from({ length: processes }, () => startServer(env)));
    const share = POOL_CLAIMS / processes;
    const t0 = performance.now();
    await Promise.all(
      clients.map(async (worker, index) => {
        for (let i = 0; i < share; i++) {
          const { task } = await call(worker, 'orchestrator_get_next_task', { worker_id: `w${index}` });
          await call(worker, 'orchestrator_complete_subtask', {
            task_id: task.id,
            worker_id: `w${index}`,
            summary: 's',
            detailed_work: 'w',
          });
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    await Promise.all(clients.map((worker) => worker.close()));
    rows.push({
      metric: `claim + complete rate, ${processes} process${processes > 1 ? 'es' : ''}`,
      value: round(POOL_CLAIMS / seconds, 1),
      unit: 'tasks/s',
      method: `${POOL_CLAIMS} pairs in total, split evenly, ${STORE_TASKS} tasks in the store, wall time`,
    });
  }
  return rows;
}
