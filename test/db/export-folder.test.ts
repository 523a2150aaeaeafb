import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { runExportFolder } from '../../src/db/index.js';
import { runImport } from '../../src/db/import/index.js';
import { parseTaskFile, renderTaskFile } from '../../src/db/task-files.js';
import { rejection } from '../helpers/errors.js';
import { testService } from '../helpers/service.js';
import { testdir } from '../helpers/testdir.js';
import { blankTask } from '../../src/core/operations/create.js';

const actor = 'cli:test';

/** A store with every kind of task and field a folder has to carry. */
async function populated() {
  const made = testService();
  const { service, clock } = made;
  await service.createPlan(
    {
      title: 'Ship the export',
      description: 'Everything for the export.',
      context: 'Keep it small.',
      subtasks: [
        { id: 'design', title: 'Design', role: 'architect', priority: 'high', estimatedEffort: '2h', complexity: 'moderate' },
        { id: 'build', title: 'Build', role: 'implementer', dependencies: ['design'] },
        { id: 'check', title: '42', dependencies: ['build'], description: '  indented first line\r\nand a carriage return  ' },
      ],
    },
    actor,
  );
  await service.create(
    {
      id: 'notes',
      title: 'Notes: "quotes", #hash, - dash',
      description: '---\nlooks like front matter\n---',
      tags: ['docs', 'x.y'],
      metadata: { link: { url: 'https://example.com', n: 3 }, list: [1, 'two', null] },
    },
    actor,
  );
  await service.create({ title: 'Will fail' }, actor);
  await service.create({ title: 'Will be cancelled' }, actor);
  clock.advance(60_000);
  await service.start('design', { worker: 'agent-1', leaseSeconds: 600 });
  await service.submitWithArtifact('design', { worker: 'agent-1', summary: 'Designed.', detailedWork: '# Design\n\nAll of it.' });
  await service.start('build', { worker: 'agent-2', leaseSeconds: 600 });
  await service.fail('t2', { worker: 'cli:test', error: 'It broke\nbadly', force: true });
  await service.cancel('t3', { actor, reason: 'not needed' });
  return made;
}

const filesOf = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((name) => [name, readFileSync(path.join(dir, name), 'utf8')]),
  );

describe('db export --format md', () => {
  test('one file per task; two runs give the same bytes and the second writes nothing', async () => {
    const { service } = await populated();
    const dir = path.join(testdir(), 'tasks');
    const first = await runExportFolder({ dir }, { service });
    expect(first).toMatchObject({ tasks: 7, removed: [], unchanged: 0 });
    const bytes = filesOf(dir);
    expect(Object.keys(bytes)).toEqual(['build.md', 'check.md', 'design.md', 'notes.md', 't1.md', 't2.md', 't3.md']);
    const second = await runExportFolder({ dir }, { service });
    expect(second).toMatchObject({ written: [], removed: [], unchanged: 7 });
    expect(filesOf(dir)).toEqual(bytes);
    // What a reviewer sees: the fields up top, the description as text.
    expect(bytes['build.md']).toMatch(
      /^---\nid: build\ntitle: Build\nstatus: in_progress\nparentId: t1\nrole: implementer\npriority: normal\ndependencies: \[design\]\n/,
    );
    expect(bytes['design.md']).toContain('summary: Designed.\n');
  });

  test('importing the folder gives the same tasks, into an empty store or back into the same one', async () => {
    const { service, store } = await populated();
    const dir = path.join(testdir(), 'tasks');
    await runExportFolder({ dir }, { service });
    const original = (await store.read()).tasks;

    const fresh = testService();
    const report = await runImport({ path: dir, dryRun: false }, { service: fresh.service, actor });
    expect(report).toMatchObject({ format: 'orchestrator', updated: [], unchanged: [] });
    expect(report.created).toHaveLength(7);
    expect((await fresh.store.read()).tasks).toEqual(original);
    expect((await fresh.service.create({ title: 'next' }, actor)).id).toBe('t4');

    const same = await runImport({ path: dir, dryRun: false }, { service, actor });
    expect([same.created.length, same.updated.length, same.unchanged.length]).toEqual([0, 0, 7]);
    expect((await store.read()).tasks).toEqual(original);
  });

  test('a file edited by hand updates its task; a task gone from the store loses its file; other files stay', async () => {
    const { service, store } = await populated();
    const dir = path.join(testdir(), 'tasks');
    await runExportFolder({ dir }, { service });
    writeFileSync(path.join(dir, 'README.md'), '# Our tasks\n');
    writeFileSync(path.join(dir, 'notes.md'), readFileSync(path.join(dir, 'notes.md'), 'utf8').replace('priority: normal', 'priority: high'));
    const report = await runImport({ path: dir, dryRun: false }, { service, actor });
    expect(report.updated).toEqual([expect.objectContaining({ id: 'notes', fields: ['priority'] })]);
    expect((await store.read()).tasks.notes!.priority).toBe('high');
    await service.delete('t3', { actor });
    const after = await runExportFolder({ dir }, { service });
    expect(after.removed).toEqual([path.join(dir, 't3.md')]);
    expect(existsSync(path.join(dir, 'README.md'))).toBe(true);
  });

  test('a broken file names its line, and nothing is imported', async () => {
    const { service } = await populated();
    const dir = path.join(testdir(), 'tasks');
    await runExportFolder({ dir }, { service });
    const file = path.join(dir, 'notes.md');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('priority: normal', 'priority: soon').replace('status: pending', 'status: pending\nowner: me'),
    );
    const fresh = testService();
    const error = await rejection(runImport({ path: dir, dryRun: false }, { service: fresh.service, actor }));
    expect(error.hint).toMatch(new RegExp(`notes\\.md:5: owner: unknown field; the fields are id, title`));
    expect(error.hint).toMatch(/notes\.md:6: priority: Invalid option/);
    expect(Object.keys((await fresh.store.read()).tasks)).toEqual([]);
  });

  test('a task file reads back exactly, whatever its text holds', () => {
    const task = blankTask('x', 'yes', '2026-01-01T00:00:00.000Z', {
      description: '\n\ttabbed\n',
      result: 'null',
      summary: '2026-01-01',
      metadata: { on: true },
    });
    expect(parseTaskFile(renderTaskFile(task), 'x.md')).toEqual({ task, problems: [] });
  });
});
