import { spawn } from 'node:child_process';
import path from 'node:path';
import { isolatedEnv, round, root, seedTasks, tempDir, loadCore } from '../lib.mjs';

export const name = 'claim';
export const title = 'Processes claiming and completing tasks from one store (library calls, no MCP)';

const TASKS = 1000;
const worker = path.join(root, 'test', 'fixtures', 'claim-worker.mjs');

function runWorker(dataDir, id, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [worker, dataDir, id], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('close', (code) => (code === 0 ? resolve({ id, out }) : reject(new Error(`worker ${id} exited ${code}`))));
  });
}

export async function run() {
  const rows = [];
  for (const processes of [1, 2, 4]) {
    const dir = tempDir();
    const dataDir = path.join(dir, 'data');
    await seedTasks(dataDir, TASKS);
    const env = isolatedEnv(dir);
    const t0 = performance.now();
    const outputs = await Promise.all(Array.from({ length: processes }, (_, i) => runWorker(dataDir, `w${i + 1}`, env)));
    const seconds = (performance.now() - t0) / 1000;

    const claims = new Map();
    let acknowledged = 0;
    for (const { out } of outputs) {
      for (const line of out.trim().split('\n')) {
        const [verb, taskId] = line.split(' ');
        if (verb === 'claimed') claims.set(taskId, (claims.get(taskId) ?? 0) + 1);
        if (verb === 'completed') acknowledged++;
      }
    }
    const { openTaskStore, TaskService } = await loadCore();
    const doc = await new TaskService(openTaskStore(dataDir)).snapshot();
    const completed = Object.values(doc.tasks).filter((task) => task.status === 'completed').length;
    const doubled = [...claims.values()].filter((n) => n > 1).length;
    const method = `${TASKS} tasks, ${processes} process${processes > 1 ? 'es' : ''}, wall time including process start; double claims ${doubled}, acknowledged ${acknowledged}, completed in store ${completed}`;
    rows.push({
      metric: `${processes} process${processes > 1 ? 'es' : ''}: claim + complete`,
      value: round(TASKS / seconds, 0),
      unit: 'tasks/s',
      method,
    });
    if (doubled > 0 || completed !== TASKS || acknowledged !== TASKS) throw new Error(`correctness violated: ${method}`);
  }
  return rows;
}
