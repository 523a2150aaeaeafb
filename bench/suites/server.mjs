// `orchestrator serve` over stdio, as clients use it: start-up, per-tool latency with 100, 1,000 and 10,000 tasks in
// the store, and the server's peak memory over each latency run. Several servers on one store: serve-pool.mjs.
import path from 'node:path';
import { isolatedEnv, median, percentile, round, seedTasks, tempDir, timeProcess } from '../lib.mjs';
import { call, claimAndComplete, peakRssMiB, startServer } from '../mcp.mjs';

export const name = 'server';
export const title = 'orchestrator serve (MCP over stdio): start-up, per-tool latency, peak memory';

const SPAWNS = 15;
const SPAWN_WARMUP = 2;
const SIZES = [100, 1_000, 10_000];
const CALLS = 60;
const WARMUP = 5;

export async function run() {
  const dir = tempDir();
  const rows = [...(await startupRows(dir))];
  for (const size of SIZES) rows.push(...(await latencyRows(dir, size)));
  return rows;
}

/**
 * Spawn → initialize answered (ready) → tools/list answered, on the client's clock, one fresh process per run, as
 * a client starts it (the default profile); each run follows a `node -e 0`, so that the two see the same load and
 * their ratio is the target.
 */
async function startupRows(dir) {
  const env = isolatedEnv(dir, { ORCHESTRATOR_DATA_DIR: path.join(dir, 'startup') });
  const ready = [];
  const listed = [];
  const node = [];
  const idleRss = [];
  for (let i = 0; i < SPAWN_WARMUP + SPAWNS; i++) {
    const bare = timeProcess(process.execPath, ['-e', '0'], { env });
    const t0 = performance.now();
    const { client, pid } = await startServer(env, 'default');
    const t1 = performance.now();
    await client.listTools();
    const t2 = performance.now();
    const rss = peakRssMiB(pid);
    await client.close();
    if (i < SPAWN_WARMUP) continue;
    node.push(bare);
    ready.push(t1 - t0);
    listed.push(t2 - t0);
    if (rss !== null) idleRss.push(rss);
  }
  const runs = `${SPAWNS} fresh processes after ${SPAWN_WARMUP} warm-up, empty store, default profile`;
  const rows = [
    { metric: 'node -e 0, median', value: round(median(node), 1), unit: 'ms', method: `${SPAWNS} runs, each just before a server start below` },
    { metric: 'spawn → initialize answered (ready), median', value: round(median(ready), 1), unit: 'ms', method: runs },
    { metric: 'spawn → initialize → tools/list, median', value: round(median(listed), 1), unit: 'ms', method: runs },
    { metric: 'spawn → initialize → tools/list, p90', value: round(percentile(listed, 90), 1), unit: 'ms', method: runs },
    {
      metric: 'spawn → initialize → tools/list / node -e 0',
      value: round(median(listed) / median(node)),
      unit: '×',
      method: 'ratio of the two medians of this run (target ≤ 3)',
    },
  ];
  if (idleRss.length > 0) {
    rows.push({
      metric: 'peak memory after start-up',
      value: round(median(idleRss), 1),
      unit: 'MiB',
      method: `VmHWM of the server process after tools/list, median of ${SPAWNS}`,
    });
  }
  return rows;
}

/**
 * One server on a store seeded with `size` tasks: reads, then claim + complete pairs, then creations (last, so the
 * claims meet the seeded store). Each tool: WARMUP calls thrown away, then CALLS timed calls, one at a time.
 */
async function latencyRows(base, size) {
  const dataDir = path.join(base, `store-${size}`);
  await seedTasks(dataDir, size);
  const { client, pid } = await startServer(isolatedEnv(base, { ORCHESTRATOR_DATA_DIR: dataDir }));
  const times = async (fn) => {
    for (let i = 0; i < WARMUP; i++) await fn(i);
    const measured = [];
    for (let i = 0; i < CALLS; i++) {
      const t0 = performance.now();
      await fn(WARMUP + i);
      measured.push(performance.now() - t0);
    }
    return measured;
  };
  const pages = Math.max(1, Math.floor(size / 50));
  const measured = [
    ['orchestrator_get_status', await times(() => call(client, 'orchestrator_get_status', {}))],
    ['orchestrator_query_tasks, 50 per page', await times((i) => call(client, 'orchestrator_query_tasks', { limit: 50, offset: (i % pages) * 50 }))],
    [
      'claim + complete (get_next_task + complete_subtask)',
      await times(async (i) => {
        if (!(await claimAndComplete(client, 'bench', `done ${i}`))) throw new Error(`nothing left to claim in a store of ${size}`);
      }),
    ],
    [
      'orchestrator_create_generic_task',
      await times((i) => call(client, 'orchestrator_create_generic_task', { title: `Bench task ${i}`, specialist_type: 'tester' })),
    ],
  ];
  const peak = peakRssMiB(pid);
  await client.close();

  const n = size.toLocaleString('en');
  const rows = [];
  for (const [tool, values] of measured) {
    const pair = tool.startsWith('claim');
    const method = `${CALLS} ${pair ? 'pairs' : 'calls'} after ${WARMUP} warm-up, one at a time, ${n} tasks in the store`;
    const target = pair && size === 1_000 ? ' (target < 3 ms median)' : '';
    rows.push({ metric: `${n} tasks: ${tool}, median`, value: round(median(values)), unit: 'ms', method: method + target });
    rows.push({
      metric: `${n} tasks: ${tool}, p99`,
      value: round(percentile(values, 99)),
      unit: 'ms',
      method: `${method}; p99 of ${CALLS} is the second slowest`,
    });
  }
  if (peak !== null) {
    rows.push({
      metric: `${n} tasks: peak memory of serve`,
      value: round(peak, 1),
      unit: 'MiB',
      method: `VmHWM of the server process (/proc/<pid>/status) after the calls above`,
    });
  }
  return rows;
}
