// Agents claiming and completing tasks side by side, on the file store and on PostgreSQL: per-pair latency, the
// aggregate rate and how busy the machine's cores were, at 1, 2, 8 and 32 agents (processes), all in one run; and
// the time to copy 10,000 tasks from files into PostgreSQL with `db migrate`. PostgreSQL is a throwaway cluster
// started for the run (bench/pg-cluster.mjs).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { startCluster } from '../pg-cluster.mjs';
import { isolatedEnv, loadCore, median, percentile, root, round, seedTasks, tempDir } from '../lib.mjs';

export const name = 'agents';
export const title = 'Agents side by side: claim + complete on the file store and on PostgreSQL, and db migrate';

const AGENTS = [1, 2, 8, 32];
const SECONDS = 5;
const TASKS = 15_000;
const worker = path.join(root, 'test', 'fixtures', 'agent-worker.mjs');

export async function run() {
  const cluster = await startCluster();
  const rows = [];
  try {
    const rates = {};
    for (const backend of ['file', 'postgres']) {
      for (const agents of AGENTS) {
        const dir = tempDir();
        const dataDir = path.join(dir, 'data');
        const store = backend === 'postgres' ? `${cluster.adminUrl}?schema=agents_${agents}` : undefined;
        const env = isolatedEnv(dir, { ORCHESTRATOR_DATA_DIR: dataDir, ...(store && { ORCHESTRATOR_STORE: store }) });
        await seed(dataDir, store, TASKS);
        const busyBefore = cpuTimes();
        const result = await race(env, dataDir, agents);
        const busy = cpuBusy(busyBefore, cpuTimes());
        const times = result.flatMap((agent) => agent.times);
        const pairs = times.length;
        const rate = pairs / SECONDS;
        rates[`${backend}-${agents}`] = rate;
        const method = `${agents} agent process${agents > 1 ? 'es' : ''} (library calls) for ${SECONDS} s on ${TASKS.toLocaleString('en')} tasks`;
        rows.push({
          metric: `${backend}, ${agents} agent${agents > 1 ? 's' : ''}: claim + complete, median`,
          value: round(median(times)),
          unit: 'ms',
          method,
        });
        rows.push({
          metric: `${backend}, ${agents} agent${agents > 1 ? 's' : ''}: claim + complete, p99`,
          value: round(percentile(times, 99)),
          unit: 'ms',
          method,
        });
        rows.push({ metric: `${backend}, ${agents} agent${agents > 1 ? 's' : ''}: aggregate rate`, value: round(rate, 0), unit: 'pairs/s', method });
        rows.push({
          metric: `${backend}, ${agents} agent${agents > 1 ? 's' : ''}: machine CPU busy`,
          value: round(busy * 100, 0),
          unit: '%',
          method: `all cores, agents and database together, from /proc/stat (${os.cpus().length} cores)`,
        });
      }
    }
    rows.push({
      metric: 'postgres: 8 agents ÷ 1 agent, aggregate rate',
      value: round(rates['postgres-8'] / rates['postgres-1']),
      unit: '×',
      method: 'ratio of the rates above (target ≥ 3)',
    });
    rows.push(await migration(cluster.adminUrl));
  } finally {
    await cluster.stop();
  }
  return rows;
}

/** Independent tasks (nothing waits), so that agents race for work, not for dependencies. */
async function seed(dataDir, store, count) {
  const { openStore, TaskService } = await loadCore();
  const service = new TaskService(openStore(dataDir, store), {}, undefined, { dataDir });
  for (let start = 0; start < count; start += 2_000) {
    await service.createMany(
      Array.from({ length: Math.min(2_000, count - start) }, (_, k) => ({ id: `s${start + k}`, title: `Task ${start + k}` })),
      'bench',
    );
  }
  await service.store.close();
}

/** Starts the agents, waits until each has read the store, says go to all at once, collects what they did. */
async function race(env, dataDir, agents) {
  const children = Array.from({ length: agents }, (_, i) =>
    spawn(process.execPath, [worker, dataDir, `agent-${i}`, String(SECONDS)], { env, stdio: ['pipe', 'pipe', 'inherit'] }),
  );
  const lines = children.map((child) => createInterface({ input: child.stdout })[Symbol.asyncIterator]());
  const line = async (reader, i) => {
    const { value, done } = await reader.next();
    if (done) throw new Error(`agent ${i} stopped early (exit code ${children[i].exitCode}); its error is above`);
    return value;
  };
  try {
    await Promise.all(lines.map(line));
    for (const child of children) child.stdin.write('go\n');
    const results = await Promise.all(lines.map(async (reader, i) => JSON.parse(await line(reader, i))));
    for (const child of children) child.stdin.end();
    await Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)))));
    return results;
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  }
}

/** Busy and total CPU time of the whole machine so far (Linux), to show how much of it a configuration used. */
function cpuTimes() {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = fields[3] + fields[4];
  const total = fields.reduce((sum, value) => sum + value, 0);
  return { idle, total };
}

function cpuBusy(before, after) {
  const total = after.total - before.total;
  return total > 0 ? 1 - (after.idle - before.idle) / total : 0;
}

async function migration(adminUrl) {
  const dir = tempDir();
  const dataDir = path.join(dir, 'data');
  await seedTasks(dataDir, 10_000);
  const { openTaskService } = await loadCore();
  const { runMigrate } = await import(path.join(root, 'dist', 'db', 'index.js'));
  const { service } = openTaskService({ dataDir, env: { ...process.env, ORCHESTRATOR_STORE: '' } });
  const t0 = performance.now();
  const report = await runMigrate({ to: `${adminUrl}?schema=migration`, dataDir }, { service });
  const seconds = (performance.now() - t0) / 1000;
  if (!report.verified) throw new Error('the migrated copy differs from the source');
  return {
    metric: 'db migrate: 10,000 tasks from files into PostgreSQL',
    value: round(seconds, 2),
    unit: 's',
    method: `copy, read back and compared (hash ${report.hash.source.slice(0, 12)}); ${report.counts.source.events} events`,
  };
}
