import path from 'node:path';
import { existsSync, statSync } from 'node:fs';
import { loadCore, median, round, seedTasks, tempDir, timeRuns } from '../lib.mjs';

export const name = 'store';
export const title = 'Store mutation cost against store size (lock, read, change, validate, log, atomic write, unlock)';

const SIZES = [100, 1000, 10000];
const RUNS = 30;

export async function run() {
  const { openTaskStore, TaskService } = await loadCore();
  const rows = [];
  for (const size of SIZES) {
    const dataDir = path.join(tempDir(), 'data');
    const service = await seedTasks(dataDir, size);
    // The snapshot and the journal of changes since it: together they are the store.
    const fileSize = (file) => (existsSync(path.join(dataDir, file)) ? statSync(path.join(dataDir, file)).size : 0);
    const bytes = fileSize('store.json') + fileSize('journal.jsonl');
    // One process changing one task: the parse of the previous write is reused.
    const cached = await timeRuns((i) => service.update(`s${i % size}`, { title: `renamed ${i}` }, 'bench'), { runs: RUNS, warmup: 3 });
    // Two store handles taking turns, as two processes would: each must re-read what the other wrote.
    const other = new TaskService(openTaskStore(dataDir));
    const handles = [service, other];
    const reread = await timeRuns((i) => handles[i % 2].update(`s${i % size}`, { title: `turn ${i}` }, 'bench'), { runs: RUNS, warmup: 2 });
    const method = `median of ${RUNS} updates of one task after warm-up; store.json and journal.jsonl ${round(bytes / 1024 / 1024, 2)} MiB`;
    const target = size === 10000 ? ' (target < 40 ms)' : '';
    rows.push({ metric: `${size.toLocaleString('en')} tasks, same process`, value: round(median(cached)), unit: 'ms', method: method + target });
    rows.push({
      metric: `${size.toLocaleString('en')} tasks, another process wrote last`,
      value: round(median(reread)),
      unit: 'ms',
      method: `${method}; two handles alternating, each re-reads and validates the file`,
    });
  }
  return rows;
}
