import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { openTaskStore, resolveDataDirectory, TaskService } from '../../src/core/index.js';
import { rejection } from '../helpers/errors.js';
import { artifactIds, onPostgres } from '../helpers/backend.js';
import { testClock, testService } from '../helpers/service.js';
import { testdir } from '../helpers/testdir.js';

// Rules that both faces rely on and that therefore live in the core, once.

const actor = 'cli:test';

const roles = { get: (name: string) => (['architect', 'tester'].includes(name) ? { name } : undefined), names: () => ['architect', 'tester'] };

function serviceWithRoles() {
  const dir = path.join(testdir(), '.task_orchestrator');
  const clock = testClock();
  const service = new TaskService(openTaskStore(dir, { clock, lock: { staleMs: 2_000, waitMs: 5_000 } }), {}, clock, { roles: async () => roles });
  return { dir, service };
}

describe('roles', () => {
  test('a role no one defined is refused on create, update and plan, with the known ones in the hint', async () => {
    const { service } = serviceWithRoles();
    const refused = await rejection(service.create({ title: 'A', role: 'wizard' }, actor));
    expect(refused).toMatchObject({ code: 'INVALID_INPUT', message: 'Unknown role "wizard".' });
    expect(refused.hint).toMatch(/architect, tester/);
    const task = await service.create({ title: 'A', role: 'tester' }, actor);
    expect((await rejection(service.update(task.id, { role: 'wizard' }, actor))).message).toMatch(/Unknown role "wizard"/);
    expect((await rejection(service.createPlan({ description: 'P', subtasks: [{ title: 'S', role: 'wizard' }] }, actor))).message).toBe(
      'Unknown role "wizard" for subtask "S".',
    );
    expect((await service.list()).total).toBe(1);
  });
});

describe('a finished plan', () => {
  test('is not reopened by a new subtask unless asked, and says who would wait again', async () => {
    const { service } = testService();
    await service.create({ id: 'plan', title: 'Plan' }, actor);
    await service.create({ id: 's1', title: 'Step', parentId: 'plan' }, actor);
    await service.create({ id: 'after', title: 'After', dependencies: ['plan'] }, actor);
    await service.complete('s1', { worker: 'w' });
    expect((await service.get('plan')).task.status).toBe('completed');

    const refused = await rejection(service.create({ title: 'More', parentId: 'plan' }, actor));
    expect(refused).toMatchObject({ code: 'CONFLICT' });
    expect(refused.message).toBe('"plan" is completed: a new subtask would reopen it and after would wait for it again.');
    expect(refused.hint).toMatch(/--reopen/);
    const loose = await service.create({ id: 'loose', title: 'Loose' }, actor);
    expect((await rejection(service.update(loose.id, { parentId: 'plan' }, actor))).code).toBe('CONFLICT');
    expect((await service.get('after')).task.ready).toBe(true);

    await service.create({ title: 'More', parentId: 'plan', reopenParent: true }, actor);
    expect((await service.get('plan')).task.status).toBe('in_progress');
    expect((await service.get('after')).task.ready).toBe(false);
  });
});

describe('effective priority', () => {
  test('a subtask of an urgent plan is handed out before a high task outside it', async () => {
    const { service, clock } = testService();
    await service.create({ id: 'high', title: 'High', priority: 'high' }, actor);
    clock.advance(1000);
    await service.create({ id: 'plan', title: 'Plan', priority: 'urgent' }, actor);
    await service.create({ id: 'sub', title: 'Sub', parentId: 'plan', priority: 'low' }, actor);
    expect((await service.recommend())?.task.id).toBe('sub');
    expect((await service.next({ worker: 'w' }))?.id).toBe('sub');
  });
});

describe('deleting a task', () => {
  test('removes its artifact files, and those of the subtasks deleted with it', async () => {
    const { service, dir } = testService();
    await service.create({ id: 'plan', title: 'Plan' }, actor);
    await service.create({ id: 'sub', title: 'Sub', parentId: 'plan' }, actor);
    await service.start('sub', { worker: 'w' });
    const { artifact } = await service.submitWithArtifact('sub', { worker: 'w', summary: 'done', detailedWork: '# All of it' });
    expect(await artifactIds(service, 'sub')).toEqual([artifact.id]);
    await service.delete('plan', { actor, force: true });
    expect(await artifactIds(service, 'sub')).toEqual([]);
    if (!onPostgres) expect(existsSync(path.join(dir, 'artifacts', 'sub'))).toBe(false);
  });
});

describe('submitting work with an artifact', () => {
  test('keeps the file with the task, and leaves no file when the submission is refused', async () => {
    const { service } = testService();
    await service.create({ id: 'a', title: 'A' }, actor);
    await service.start('a', { worker: 'w' });
    const refused = await rejection(service.submitWithArtifact('a', { worker: 'someone-else', summary: 's', detailedWork: 'work' }));
    expect(refused.code).toBe('FORBIDDEN');
    expect(await artifactIds(service, 'a')).toEqual([]);
    expect((await rejection(service.submitWithArtifact('ghost', { worker: 'w', summary: 's', detailedWork: 'work' }))).code).toBe('NOT_FOUND');
    expect(await artifactIds(service, 'ghost')).toEqual([]);

    const { task, artifact } = await service.submitWithArtifact('a', { worker: 'w', summary: 's', detailedWork: 'work', artifactType: 'code' });
    expect(task.status).toBe('completed');
    expect(task.artifacts).toEqual([expect.objectContaining({ id: artifact.id, type: 'code', bytes: 4 })]);
  });
});

describe('tags', () => {
  test('update adds and removes single tags and keeps the rest', async () => {
    const { service } = testService();
    await service.create({ id: 'a', title: 'A', tags: ['api', 'v1'] }, actor);
    expect((await service.update('a', { addTags: ['docs', 'api'] }, actor)).tags).toEqual(['api', 'v1', 'docs']);
    expect((await service.update('a', { removeTags: ['v1'] }, actor)).tags).toEqual(['api', 'docs']);
  });
});

describe('where the data goes', () => {
  test('in a monorepo the repository root wins over a nearer package.json', () => {
    const repo = testdir({ '.git/HEAD': 'ref: refs/heads/main\n', 'packages/web/package.json': '{}' });
    const cwd = path.join(repo, 'packages', 'web', 'src');
    mkdirSync(cwd, { recursive: true });
    const resolved = resolveDataDirectory({ cwd, env: {}, home: path.join(repo, 'elsewhere') });
    expect(resolved).toMatchObject({ dir: path.join(repo, '.task_orchestrator'), source: 'project-root' });
    expect(resolved.reason).toMatch(/repository root/);
    const plain = testdir({ 'app/package.json': '{}' });
    expect(resolveDataDirectory({ cwd: path.join(plain, 'app'), env: {}, home: path.join(plain, 'elsewhere') }).dir).toBe(
      path.join(plain, 'app', '.task_orchestrator'),
    );
  });
});
