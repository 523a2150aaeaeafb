import path from 'node:path';
import { bin, isolatedEnv, median, round, seedTasks, tempDir, timeProcess } from '../lib.mjs';

export const name = 'cli';
export const title = 'CLI cold start (whole process, spawn to exit)';

const RUNS = 21;
const WARMUP = 3;

/** The median wall time of each command, running them in turn: a, b, a, b, ... */
function medianProcesses(commands, env) {
  for (let i = 0; i < WARMUP; i++) for (const args of commands) timeProcess(process.execPath, args, { env });
  const times = commands.map(() => []);
  for (let i = 0; i < RUNS; i++) commands.forEach((args, c) => times[c].push(timeProcess(process.execPath, args, { env })));
  return times.map(median);
}

function medianProcess(args, env) {
  for (let i = 0; i < WARMUP; i++) timeProcess(process.execPath, args, { env });
  return median(Array.from({ length: RUNS }, () => timeProcess(process.execPath, args, { env })));
}

export async function run() {
  const dir = tempDir();
  const env = isolatedEnv(dir);
  await seedTasks(path.join(dir, 'data'), 1000);
  // Interleaved run by run, so that background load affects both alike: their ratio is the target.
  const [node, version] = medianProcesses([['-e', '0'], [bin, '--version']], env);
  const list = medianProcess([bin, 'tasks', 'list'], env);
  const listJson = medianProcess([bin, 'tasks', 'list', '--json'], env);
  const method = `median of ${RUNS} runs after ${WARMUP} warm-up runs`;
  return [
    { metric: 'node -e 0', value: round(node, 1), unit: 'ms', method: `${method}, alternating with --version` },
    { metric: 'orchestrator --version', value: round(version, 1), unit: 'ms', method: `${method}, alternating with node -e 0` },
    { metric: '--version / node -e 0', value: round(version / node), unit: '×', method: 'ratio of the two medians (target ≤ 1.5)' },
    { metric: 'tasks list (1,000 tasks, table)', value: round(list, 1), unit: 'ms', method },
    { metric: 'tasks list --json (1,000 tasks)', value: round(listJson, 1), unit: 'ms', method },
  ];
}
