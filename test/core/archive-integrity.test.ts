import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { OrchestratorError } from '../../src/errors.js';
import { testFileService } from '../helpers/service.js';
import { editStoreFiles } from '../helpers/store-files.js';

const actor = 'cli:test';

describe('archive', () => {
  test('moves finished tasks out of the store; dependents still see them as done; show finds them', async () => {
    const { service, store, dir } = testFileService();
    await service.create({ id: 'a', title: 'A' }, actor);
    await service.create({ id: 'b', title: 'B', dependencies: ['a'] }, actor);
    await service.complete('a', { worker: 'w', result: 'kept' });
    await service.archive(['a'], { actor });
    const doc = await store.read();
    expect(doc.tasks.a).toBeUndefined();
    expect(doc.archived.a).toMatchObject({ status: 'completed' });
    expect((await service.get('b')).task).toMatchObject({ ready: true, blockedBy: [] });
    const archived = await service.get('a');
    expect(archived.archivedAt).toBeDefined();
    expect(archived.task).toMatchObject({ id: 'a', result: 'kept', status: 'completed' });
    expect(readFileSync(path.join(dir, 'archive', 'tasks.jsonl'), 'utf8')).toContain('"kept"');
    expect(await service.integrity()).toEqual([]);
    // An archived id stays taken.
    await expect(service.create({ id: 'a', title: 'again' }, actor)).rejects.toThrow(/already exists/);
  });

  test('refuses to archive an unfinished task others wait for, unless forced', async () => {
    const { service } = testFileService();
    await service.create({ id: 'a', title: 'A' }, actor);
    await service.create({ id: 'b', title: 'B', dependencies: ['a'] }, actor);
    const error = await service.archive(['a'], { actor }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OrchestratorError);
    expect((error as OrchestratorError).message).toMatch(/b still depends on a/);
    await service.archive(['a'], { actor, force: true });
    expect((await service.get('b')).task.blockedBy).toEqual(['a']);
  });

  test('archiving a plan takes its subtasks along', async () => {
    const { service, store } = testFileService();
    await service.create({ id: 'p', title: 'P' }, actor);
    await service.create({ id: 's', title: 'S', parentId: 'p' }, actor);
    await service.complete('s', { worker: 'w' });
    const archived = await service.archive(['p'], { actor });
    expect(archived.map((task) => task.id).sort()).toEqual(['p', 's']);
    expect(Object.keys((await store.read()).tasks)).toEqual([]);
  });
});

describe('integrity', () => {
  test('reports hand-made problems and repairs only the safe ones', async () => {
    const { service, store, clock } = testFileService({ leaseSeconds: 60 });
    await service.create({ id: 'a', title: 'A' }, actor);
    await service.create({ id: 'b', title: 'B' }, actor);
    await service.create({ id: 'p', title: 'P' }, actor);
    await service.create({ id: 's', title: 'S', parentId: 'p' }, actor);
    await service.start('a', { worker: 'w' });
    // Edit the file by hand the way a person or an old version might.
    await editStoreFiles(path.dirname(store.file), (doc) => {
      doc.tasks.b.dependencies = ['ghost'];
      doc.tasks.x = { ...doc.tasks.b, id: 'x', dependencies: ['y'] };
      doc.tasks.y = { ...doc.tasks.b, id: 'y', dependencies: ['x'] };
      doc.tasks.s.parentId = 'gone';
      doc.tasks.p.status = 'completed';
    });
    clock.advance(61_000);

    const kinds = (await service.integrity()).map((problem) => problem.kind).sort();
    expect(kinds).toEqual(['dangling-dependency', 'dependency-cycle', 'expired-lease', 'orphaned-subtask']);

    const fixed = await service.repair('doctor');
    expect(fixed.join('\n')).toMatch(/a: expired lease returned/);
    expect(fixed.join('\n')).toMatch(/s: detached from missing plan gone/);
    const after = (await service.integrity()).map((problem) => problem.kind).sort();
    expect(after).toEqual(['dangling-dependency', 'dependency-cycle']);
    expect((await store.read()).tasks.b?.dependencies).toEqual(['ghost']);
  });

  test('reports a plan whose status disagrees with its subtasks, and repair fixes it', async () => {
    const { service, store } = testFileService();
    await service.create({ id: 'p', title: 'P' }, actor);
    await service.create({ id: 's', title: 'S', parentId: 'p' }, actor);
    await editStoreFiles(path.dirname(store.file), (doc) => void (doc.tasks.p.status = 'completed'));
    expect((await service.integrity()).map((problem) => problem.kind)).toEqual(['plan-status']);
    expect(await service.repair('doctor')).toEqual(['p: plan status completed → pending']);
    expect(await service.integrity()).toEqual([]);
  });
});
