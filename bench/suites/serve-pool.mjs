// Several `orchestrator serve` processes on one store, each driven by its own client over stdio, claiming and
// completing from one pool as agents would. Every claim is recorded, and the run fails if a task was claimed
// twice or an acknowledged completion is not in the store.
import path from 'node:path';
import { isolatedEnv, loadCore, round, seedTasks, tempDir } from '../lib.mjs';
import { claimAndComplete, startServer } from '../mcp.mjs';

export const name = 'serve-pool';
export const title = 'Several orchestrator serve processes on one store: claim + complete throughput';

const PROCESSES = [1, 2, 4, 8];
const TASKS = 1_000;
const PAIRS = 240;

export async function run() {
  const dir = tempDir();
  const rows = [];
  for (const processes of PROCESSES) {
    const dataDir = path.join(dir, `pool-${processes}`);
    await seedTasks(dataDir, TASKS);
    const env = isolatedEnv(dir, { ORCHESTRATOR_DATA_DIR: dataDir });
    // Servers start before the clock does: this measures the work, not the start-up.
    const servers = await Promise.all(Array.from({ length: processes }, () => startServer(env)));
    const share = PAIRS / processes;
    const claimed = servers.map(() => []);
    const t0 = performance.now();
    await Promise.all(
      servers.map(async ({ client }, index) => {
        for (let i = 0; i < share; i++) {
          const id = await claimAndComplete(client, `w${index}`, 'done');
          if (!id) throw new Error(`w${index} found nothing to claim`);
          claimed[index].push(id);
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    await Promise.all(servers.map(({ client }) => client.close()));

    const verdict = await check(dataDir, claimed);
    const label = `${processes} process${processes > 1 ? 'es' : ''}`;
    rows.push({
      metric: `${label}: claim + complete`,
      value: round(PAIRS / seconds, 1),
      unit: 'tasks/s',
      method: `${PAIRS} pairs split evenly, one after another per client, ${TASKS.toLocaleString('en')} tasks in the store, wall time from the first claim to the last completion; ${verdict}`,
    });
  }
  return rows;
}

/** What the store says about the claims the clients recorded; throws when work was doubled or lost. */
async function check(dataDir, claimed) {
  const { openTaskStore, TaskService } = await loadCore();
  const doc = await new TaskService(openTaskStore(dataDir)).snapshot();
  const all = claimed.flat();
  const doubled = all.length - new Set(all).size;
  const lost = claimed.flatMap((ids, index) => ids.filter((id) => doc.tasks[id]?.status !== 'completed' || doc.tasks[id]?.assignee !== `w${index}`));
  const verdict = `double claims ${doubled}, acknowledged completions missing from the store ${lost.length}`;
  if (doubled > 0 || lost.length > 0) throw new Error(`correctness violated: ${verdict}`);
  return verdict;
}
