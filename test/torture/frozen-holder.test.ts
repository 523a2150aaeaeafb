import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { openTaskStore, TaskService } from '../../src/core/index.js';
import { readLockOwner } from '../../src/store/index.js';
import { fixture, isolatedEnv, runCli, startNode, waitForOutput } from '../helpers/bin.js';
import { testdir } from '../helpers/testdir.js';
import { scaled, summarise } from '../helpers/torture.js';

const STALE_MS = 2_000;

/**
 * The trial that proper-lockfile failed: a claimer stopped with SIGSTOP while it holds the lock (Ctrl-Z, a
 * debugger, a suspended laptop) for longer than the stale timeout, and `orchestrator tasks next` from another
 * terminal meanwhile. The second must wait and then give up naming the frozen process, changing nothing; once
 * the first resumes, its claim stands and nothing was claimed twice.
 */
async function frozenRound(round: number) {
  const dir = testdir();
  const dataDir = path.join(dir, 'data');
  const env = isolatedEnv(dir, { ORCHESTRATOR_LOCK_STALE_MS: String(STALE_MS), ORCHESTRATOR_LOCK_WAIT_MS: String(STALE_MS + 1_000) });
  const service = new TaskService(openTaskStore(dataDir));
  await service.createMany(
    [
      { id: 'first', title: 'First', priority: 'high' },
      { id: 'second', title: 'Second' },
    ],
    'test',
  );

  const frozen = startNode(fixture('racer.mjs'), [dataDir, 'frozen'], env, { stdin: 'pipe' });
  await waitForOutput(frozen, 'ready');
  frozen.stdin!.write('slow-go 1\n');
  await waitForOutput(frozen, 'inside');
  frozen.kill('SIGSTOP');
  expect(readLockOwner(path.join(dataDir, 'store.json'))?.pid).toBe(frozen.pid);

  // Past the stale timeout, the other claimer gives up with one line naming the holder, and changes nothing.
  const started = Date.now();
  const impatient = await runCli(['tasks', 'next', '--worker', 'impatient', '--json'], env);
  expect(Date.now() - started).toBeGreaterThan(STALE_MS);
  expect(impatient.code, `round ${round}: ${impatient.stdout}${impatient.stderr}`).toBe(1);
  expect(JSON.parse(impatient.stdout).error).toMatchObject({
    code: 'LOCKED',
    message: expect.stringMatching(new RegExp(`store\\.json is locked by pid ${frozen.pid} .*kill ${frozen.pid}`)),
    hint: expect.stringMatching(/Nothing was changed/),
  });

  // A claimer that is still waiting when the holder resumes gets the next task, never the same one.
  const patient = runCli(['tasks', 'next', '--worker', 'patient', '--json'], { ...env, ORCHESTRATOR_LOCK_WAIT_MS: '30000' });
  await new Promise((resolve) => setTimeout(resolve, 200));
  frozen.kill('SIGCONT');
  await waitForOutput(frozen, 'done 1 first');
  const second = await patient;
  expect(second.code, second.stderr).toBe(0);
  expect(JSON.parse(second.stdout).task).toMatchObject({ id: 'second', assignee: 'patient' });
  frozen.stdin!.end();
  await frozen.output;

  const doc = await new TaskService(openTaskStore(dataDir)).snapshot();
  expect(doc.tasks.first).toMatchObject({ status: 'completed', assignee: 'frozen' });
  expect(doc.tasks.second).toMatchObject({ status: 'in_progress', assignee: 'patient' });
  const claims = (await service.history()).filter((event) => event.op === 'claim').map((event) => `${event.taskId} ${event.actor}`);
  expect(claims).toEqual(['first frozen', 'second patient']);
}

describe('a lock holder frozen with SIGSTOP', () => {
  test(
    `keeps its lock past the stale timeout: ${scaled(1, 50)} round(s)`,
    async () => {
      const rounds = scaled(1, 50);
      for (let round = 1; round <= rounds; round++) await frozenRound(round);
      summarise(`frozen holder: ${rounds} rounds, each with a CLI that gave up and one that waited; no task claimed twice`);
    },
    scaled(60_000, 1_200_000),
  );
});
