// What a change costs as the store grows, and what waiting for the disk costs: claim + complete over stdio on
// stores of 100 and 10,000 tasks, with and without fsync, measured in turn in one run so that the machine's load
// weighs on all of them alike; and the peak memory of the server holding 10,000 tasks.
import path from 'node:path';
import { isolatedEnv, median, percentile, round, seedTasks, tempDir } from '../lib.mjs';
import { claimAndComplete, peakRssMiB, startServer } from '../mcp.mjs';

export const name = 'scaling';
export const title = 'A change costs what it changes: claim + complete at 100 and 10,000 tasks, with and without fsync';

// The store of 100 tasks has about 90 ready at the start: fewer pairs than that.
const PAIRS = 80;
const WARMUP = 8;

export async function run() {
  const base = tempDir();
  const setups = [
    { label: '100 tasks', size: 100, env: {} },
    { label: '10,000 tasks', size: 10_000, env: {} },
    { label: '100 tasks, ORCHESTRATOR_FSYNC=0', size: 100, env: { ORCHESTRATOR_FSYNC: '0' } },
    { label: '10,000 tasks, ORCHESTRATOR_FSYNC=0', size: 10_000, env: { ORCHESTRATOR_FSYNC: '0' } },
  ];
  for (const [i, setup] of setups.entries()) {
    setup.dataDir = path.join(base, `store-${i}`);
    await seedTasks(setup.dataDir, setup.size);
    Object.assign(setup, await startServer(isolatedEnv(base, { ORCHESTRATOR_DATA_DIR: setup.dataDir, ...setup.env })));
    setup.times = [];
  }
  for (let i = 0; i < WARMUP + PAIRS; i++) {
    // One pair on each server in turn: a burst of load on the machine hits every series alike.
    for (const setup of setups) {
      const t0 = performance.now();
      if (!(await claimAndComplete(setup.client, 'bench', `done ${i}`))) throw new Error(`nothing left to claim in ${setup.label}`);
      if (i >= WARMUP) setup.times.push(performance.now() - t0);
    }
  }
  const rows = [];
  const method = `${PAIRS} pairs after ${WARMUP} warm-up, one at a time, the four servers in turn`;
  for (const setup of setups) {
    rows.push({ metric: `${setup.label}: claim + complete, median`, value: round(median(setup.times)), unit: 'ms', method });
    rows.push({ metric: `${setup.label}: claim + complete, p99`, value: round(percentile(setup.times, 99)), unit: 'ms', method });
  }
  const [small, large, smallFast, largeFast] = setups.map((setup) => median(setup.times));
  rows.push({ metric: '10,000 ÷ 100 tasks, durable', value: round(large / small), unit: '×', method: 'ratio of the medians above (target ≤ 2)' });
  rows.push({ metric: '10,000 ÷ 100 tasks, without fsync', value: round(largeFast / smallFast), unit: '×', method: 'ratio of the medians above' });
  rows.push({
    metric: 'cost of fsync, 100 tasks',
    value: round(small - smallFast),
    unit: 'ms',
    method:
      'per claim + complete pair: median durable − median without fsync (a pair is two commits; each syncs its event line and its journal line)',
  });
  const peak = peakRssMiB(setups[1].pid);
  if (peak !== null) {
    rows.push({
      metric: '10,000 tasks: peak memory of serve',
      value: round(peak, 1),
      unit: 'MiB',
      method: 'VmHWM of the durable 10,000-task server after the pairs above (target ≤ 128)',
    });
  }
  await Promise.all(setups.map((setup) => setup.client.close()));
  return rows;
}
