import { describe, expect, test } from 'vitest';
import { openTaskStore, TaskService } from '../../src/core/index.js';
import { binEnv, runBin, runJson } from '../helpers/bin.js';
import { freshStoreUrl } from '../helpers/postgres.js';
import { storeFilesBytes } from '../helpers/store-files.js';
import { testdir } from '../helpers/testdir.js';
import path from 'node:path';
import { readdirSync } from 'node:fs';

interface MigrateJson {
  verified: boolean;
  counts: { source: Record<string, number>; target: Record<string, number> };
  hash: { source: string; target: string };
  to: string;
}

describe('orchestrator db migrate', () => {
  test('copies a file store into PostgreSQL and back: everything, compared by counts and hash; the source untouched', async () => {
    const { env, dataDir } = binEnv();
    // A store with something of everything: plans, claims, artifacts, archived tasks, archived events.
    const service = new TaskService(openTaskStore(dataDir));
    await service.createPlan(
      { title: 'Plan', description: 'A plan', subtasks: [{ title: 'Design' }, { title: 'Build', dependencies: ['Design'] }] },
      'test',
    );
    await service.create({ id: 'old', title: 'Old' }, 'test');
    await service.complete('old', { worker: 'w' });
    await service.archive(['old'], { actor: 'test' });
    await service.start('t2', { worker: 'w' });
    await service.submitWithArtifact('t2', { worker: 'w', summary: 'designed', detailedWork: '# The design\n\nÉtat: fini' });
    await service.optimize({ olderThanMs: 10 ** 12, keepEvents: { last: 3 } }, 'test');
    await service.store.close();
    const before = storeFilesBytes(dataDir);

    const url = freshStoreUrl();
    const there = runJson<MigrateJson>(['db', 'migrate', '--to', url], env);
    expect(there.status, there.stderr).toBe(0);
    expect(there.json).toMatchObject({ verified: true });
    expect(there.json.counts.source).toEqual(there.json.counts.target);
    expect(there.json.counts.source).toMatchObject({ tasks: 3, archivedTasks: 1, artifacts: 1, archivedEvents: expect.any(Number) });
    expect(there.json.counts.source.archivedEvents).toBeGreaterThan(0);
    expect(there.json.hash.source).toBe(there.json.hash.target);
    expect(there.json.to).not.toContain('orchestrator-test-password');
    expect(storeFilesBytes(dataDir)).toEqual(before);

    // The copy works as a store: the same tasks, history and artifact.
    const onPg = { ...env, ORCHESTRATOR_STORE: url };
    const shown = runJson<{ task: { status: string; artifacts: Array<{ id: string }> } }>(['tasks', 'show', 't2'], onPg);
    expect(shown.json.task.status).toBe('completed');
    expect(runBin(['tasks', 'show', 'old'], onPg).stdout).toMatch(/archived/);

    const back = path.join(testdir(), 'copy');
    const home = runJson<MigrateJson>(['db', 'migrate', '--to', back], onPg);
    expect(home.status, home.stderr).toBe(0);
    expect(home.json.verified).toBe(true);
    expect(home.json.hash.target).toBe(there.json.hash.source);
    expect(readdirSync(path.join(back, 'archive')).sort()).toEqual([expect.stringMatching(/^events-.*\.jsonl$/), 'tasks.jsonl']);

    // Only into an empty store.
    const again = runBin(['db', 'migrate', '--to', url], env);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already holds a store/);
  });
});
