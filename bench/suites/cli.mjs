import path from 'node:path';
import { bin, isolatedEnv, median, round, seedTasks, tempDir, timeProcess } from '../lib.mjs';

export const name = 'cli';
export const title = 'CLI cold start (whole process, spawn to exit)';

const RUNS = 21;
const WARMUP = 3;

function medianProcess(args, env) {
  for (let i = 0; i < WARMUP; i++) timeProcess(process.execPath, args, { env });
  return median(Array.from({ length: RUNS }, () => timeProcess(process.execPath, args, { env })));
}

export async function run() {
  const dir = tempDir();
  const env = isolatedEnv(dir);
  await seedTasks(path.join(dir, 'data'), 1000);
  // Interleave the two measurements so background load affects both alike.
  const node = medianProcess(['-e', '0'], env);
  const version = medianProcess([bin, '--version'], env);
  const list = medianProcess([bin, 'tasks', 'list'], env);
  const listJson = medianProcess([bin, 'tasks', 'list', '--json'], env);
  const method = `median of ${RUNS} runs after ${WARMUP} warm-up runs`;
  return [
    { metric: 'node -e 0', value: round(node, 1), unit: 'ms', method },
    { metric: 'orchestrator --version', value: round(version, 1), unit: 'ms', method },
    { metric: '--version / node -e 0', value: round(version / node), unit: '×', method: 'ratio of the two medians (target ≤ 1.5)' },
    { metric: 'tasks list (1,000 tasks, table)', value: round(list, 1), unit: 'ms', method },
    { metric: 'tasks list --json (1,000 tasks)', value: round(listJson, 1), unit: 'ms', method },
  ];
}
