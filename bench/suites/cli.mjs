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

export async function run() {
  const dir = tempDir();
  const env = isolatedEnv(dir);
  // Interleaved run by run, so that background load affects both alike: their ratio is the target.
  const [node, version] = medianProcesses(
    [
      ['-e', '0'],
      [bin, '--version'],
    ],
    env,
  );
  const method = `median of ${RUNS} runs after ${WARMUP} warm-up runs`;
  const rows = [
    { metric: 'node -e 0', value: round(node, 1), unit: 'ms', method: `${method}, alternating with --version` },
    { metric: 'orchestrator --version', value: round(version, 1), unit: 'ms', method: `${method}, alternating with node -e 0` },
    { metric: '--version / node -e 0', value: round(version / node), unit: '×', method: 'ratio of the two medians (target ≤ 1.5)' },
  ];
  for (const count of [1000, 5000]) {
    const data = path.join(dir, `data-${count}`);
    await seedTasks(data, count);
    // The table as a person sees it in an 80-column terminal (COLUMNS stands in for the terminal's width),
    // next to the same list as JSON; alternating, so that their ratio sees the same load.
    const tasksEnv = { ...env, ORCHESTRATOR_DATA_DIR: data, COLUMNS: '80' };
    const [table, json] = medianProcesses(
      [
        [bin, 'tasks', 'list'],
        [bin, 'tasks', 'list', '--json'],
      ],
      tasksEnv,
    );
    const n = count.toLocaleString('en');
    rows.push(
      { metric: `tasks list (${n} tasks, table at 80 columns)`, value: round(table, 1), unit: 'ms', method: `${method}, alternating with --json` },
      { metric: `tasks list --json (${n} tasks)`, value: round(json, 1), unit: 'ms', method: `${method}, alternating with the table` },
      { metric: `table / --json (${n} tasks)`, value: round(table / json), unit: '×', method: 'ratio of the two medians (target ≤ 1.5)' },
    );
  }
  return rows;
}
