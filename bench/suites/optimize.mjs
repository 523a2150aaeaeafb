// `orchestrator db optimize` on a store of 10,000 tasks: what moves, the sizes before and after, and how long it
// takes, in process and as a whole command. Every run works on a fresh copy of one seeded data directory.
import { cpSync, statSync } from 'node:fs';
import path from 'node:path';
import { bin, isolatedEnv, loadCore, median, root, round, seedTasks, tempDir, timeProcess } from '../lib.mjs';

export const name = 'optimize';
export const title = 'db optimize — 10,000 tasks, 9,000 completed 60 days ago, 8,000 of them archivable';

const TASKS = 10_000;
const RUNS = 5;
const CLI_RUNS = 3;
const DAY = 86_400_000;
/** seedTasks stamps creation with the real clock, so the log is not in time order: keep by count, not by age. */
const KEEP_EVENTS = 1_000;

export async function run() {
  const base = tempDir();
  const template = path.join(base, 'template');
  await seedTasks(template, TASKS);
  await completeLongAgo(template);

  let copies = 0;
  const freshCopy = () => {
    const dir = path.join(base, `run-${copies++}`);
    cpSync(template, dir, { recursive: true });
    return dir;
  };

  const { runOptimize } = await import(path.join(root, 'dist', 'db', 'index.js'));
  const { openTaskStore, TaskService } = await loadCore();
  const request = { olderThanMs: 30 * DAY, keepEvents: { last: KEEP_EVENTS }, dryRun: false };
  const optimizeIn = async (dir) => {
    const service = new TaskService(openTaskStore(dir));
    return runOptimize(request, { service, paths: service.paths, actor: 'bench' });
  };

  // Warm-up on a copy of its own, then measured runs, each on a fresh copy; copying is not timed.
  await optimizeIn(freshCopy());
  const times = [];
  let report;
  for (let i = 0; i < RUNS; i++) {
    const dir = freshCopy();
    const t0 = performance.now();
    report = await optimizeIn(dir);
    times.push(performance.now() - t0);
  }

  const cliTimes = [];
  for (let i = 0; i < CLI_RUNS; i++) {
    const dir = freshCopy();
    cliTimes.push(
      timeProcess(process.execPath, [bin, 'db', 'optimize', '--keep-events', String(KEEP_EVENTS), '--json'], {
        env: isolatedEnv(base, { ORCHESTRATOR_DATA_DIR: dir }),
      }),
    );
  }
  const checkTimes = [];
  for (let i = 0; i < CLI_RUNS; i++) {
    checkTimes.push(timeProcess(process.execPath, [bin, 'db', 'check', '--json'], { env: isolatedEnv(base, { ORCHESTRATOR_DATA_DIR: template }) }));
  }

  const { before, after } = report;
  const kib = (bytes) => round(bytes / 1024, 1);
  const counted = 'counted after one run';
  const sized = 'file sizes after one run';
  return [
    {
      metric: 'tasks in store.json before',
      value: before.tasks,
      unit: 'tasks',
      method: `${before.byStatus.completed} completed, ${before.byStatus.pending} pending`,
    },
    {
      metric: 'tasks in store.json after',
      value: after.tasks,
      unit: 'tasks',
      method: `${after.byStatus.completed} completed, ${after.byStatus.pending} pending`,
    },
    { metric: 'tasks archived', value: report.archivedTasks.length, unit: 'tasks', method: counted },
    { metric: 'events in events.jsonl before', value: before.events, unit: 'events', method: counted },
    {
      metric: 'events in events.jsonl after',
      value: after.events,
      unit: 'events',
      method: `${report.eventsMoved} moved to archive/ (--keep-events ${KEEP_EVENTS}); this run's ${report.archivedTasks.length} archive events come after`,
    },
    { metric: 'store.json before', value: kib(before.storeBytes), unit: 'KiB', method: sized },
    { metric: 'store.json after', value: kib(after.storeBytes), unit: 'KiB', method: sized },
    { metric: 'events.jsonl before', value: kib(before.eventsBytes), unit: 'KiB', method: sized },
    { metric: 'events.jsonl after', value: kib(after.eventsBytes), unit: 'KiB', method: sized },
    { metric: 'archive/ after', value: kib(after.archiveBytes), unit: 'KiB', method: sized },
    {
      metric: 'optimize, in process',
      value: round(median(times), 1),
      unit: 'ms',
      method: `median of ${RUNS} runs on fresh copies after 1 warm-up; includes measuring before/after`,
    },
    {
      metric: 'orchestrator db optimize',
      value: round(median(cliTimes), 1),
      unit: 'ms',
      method: `whole process, median of ${CLI_RUNS} runs on fresh copies`,
    },
    {
      metric: 'orchestrator db check (before)',
      value: round(median(checkTimes), 1),
      unit: 'ms',
      method: `whole process on the 10,000-task store, median of ${CLI_RUNS} runs`,
    },
    {
      metric: 'store.json of the template',
      value: kib(statSync(path.join(template, 'store.json')).size),
      unit: 'KiB',
      method: 'seeded with seedTasks',
    },
  ];
}

/**
 * Completes nine tasks in ten in one change, with a clock set 60 days back. The tenth (s9, s19, ...) stays
 * pending and depends on the one before it, so those (s8, s18, ...) are finished but must stay: 8,000 move.
 */
async function completeLongAgo(dir) {
  const { openTaskStore, replaceTask } = await loadCore();
  const past = () => new Date(Date.now() - 60 * DAY);
  const store = openTaskStore(dir, { clock: past });
  await store.mutate((doc, tx) => {
    const change = { doc, tx, actor: 'bench' };
    for (const task of Object.values(doc.tasks)) {
      if (Number(task.id.slice(1)) % 10 === 9) continue;
      const at = tx.now.toISOString();
      replaceTask(
        change,
        task,
        { status: 'completed', assignee: 'bench', startedAt: at, completedAt: at, result: `Result of ${task.id}` },
        'complete',
      );
    }
  });
}
