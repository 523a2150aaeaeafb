import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Task } from '../../src/core/index.js';
import { runImport } from '../../src/db/import/index.js';
import { fixture } from '../helpers/bin.js';
import { rejection } from '../helpers/errors.js';
import { testService } from '../helpers/service.js';
import { testdir } from '../helpers/testdir.js';

// Fixtures in test/fixtures/import were written from each format's documentation: Task Master's task structure
// (tagged tasks.json), a GitHub-style checklist, and Backlog.md's task files (front matter and marked sections).

const actor = 'cli:test';
const tasksJson = fixture('import/tasks.json');
const todo = fixture('import/TODO.md');
const backlog = fixture('import/backlog');

const byTitle = (tasks: Record<string, Task>) => Object.fromEntries(Object.values(tasks).map((task) => [task.title, task]));

describe('Task Master', () => {
  test('tags, subtasks, dependencies, priorities and statuses come in as one change', async () => {
    const { service, store } = testService();
    const report = await runImport({ path: tasksJson, dryRun: false }, { service, actor });
    expect(report).toMatchObject({ format: 'taskmaster', dryRun: false, files: [tasksJson], updated: [], unchanged: [] });
    expect(report.created).toHaveLength(11);
    expect(report.notes.join(' ')).toMatch(/1 in-progress, 1 deferred, 1 review in Task Master: pending here/);
    const doc = await store.read();
    const tasks = byTitle(doc.tasks);
    expect(new Set((await service.history()).map((event) => event.rev))).toEqual(new Set([1]));
    expect(tasks['Set up the project']).toMatchObject({ status: 'completed', priority: 'high', tags: ['master'], parentId: null });
    expect(tasks['Set up the project']!.description).toBe(
      'Create the repository layout and the build.\n\n## Details\n\nUse npm workspaces.\nAdd a CI workflow that runs the tests.\n\n## Test strategy\n\nA fresh clone builds and the empty test suite passes.',
    );
    const sqlite = tasks['Store tasks in SQLite']!;
    expect(sqlite).toMatchObject({
      priority: 'urgent',
      dependencies: [tasks['Set up the project']!.id],
      metadata: { source: { format: 'taskmaster', id: 'master:2', status: 'in-progress' } },
    });
    // A plan's status follows its subtasks: one done, two to do.
    expect(sqlite.status).toBe('in_progress');
    expect(tasks['Write the migrations']).toMatchObject({ parentId: sqlite.id, dependencies: [tasks['Design the schema']!.id] });
    expect(tasks['Load and save tasks']!.dependencies).toEqual([tasks['Write the migrations']!.id]);
    expect(tasks['Command-line interface']).toMatchObject({
      complexity: '6',
      priority: 'normal',
      metadata: { taskmaster: { metadata: { githubIssue: 42 } } },
    });
    expect(tasks['Web dashboard']).toMatchObject({ status: 'pending', priority: 'low' });
    expect(tasks['Email reminders']!.status).toBe('cancelled');
    expect(tasks['Export tasks as CSV']).toMatchObject({ tags: ['feature-export'] });
    expect(tasks['Stream large exports']!.dependencies).toEqual([tasks['Quote fields']!.id]);
  });

  test('importing again updates instead of duplicating, and a dry run says so without writing', async () => {
    const { service, store } = testService();
    await runImport({ path: tasksJson, dryRun: false }, { service, actor });
    const again = await runImport({ path: tasksJson, dryRun: true }, { service, actor });
    expect([again.created.length, again.updated.length, again.unchanged.length]).toEqual([0, 0, 11]);
    // The file changes upstream: a title, and a status.
    const dir = testdir();
    const changed = path.join(dir, 'tasks.json');
    writeFileSync(
      changed,
      readFileSync(tasksJson, 'utf8').replace('"Web dashboard"', '"Web dashboard (v2)"').replace('"status": "deferred"', '"status": "done"'),
    );
    const revision = (await store.read()).revision;
    const planned = await runImport({ path: changed, dryRun: true }, { service, actor });
    expect(planned.updated.map((entry) => [entry.title, entry.fields])).toEqual([
      ['Web dashboard (v2)', ['title', 'metadata', 'status', 'completedAt']],
    ]);
    expect((await store.read()).revision).toBe(revision);
    await runImport({ path: changed, dryRun: false }, { service, actor });
    const doc = await store.read();
    expect(Object.keys(doc.tasks)).toHaveLength(11);
    expect(byTitle(doc.tasks)['Web dashboard (v2)']!.status).toBe('completed');
  });

  test('bad input names the file and line, and nothing is imported', async () => {
    const { service, store } = testService();
    const dir = testdir({
      'broken.json':
        '{\n  "master": {\n    "tasks": [\n      {"id": 1, "title": "A", "status": "pending", "dependencies": [7]},\n      {"id": 2, "title": "", "status": "soon"}\n    ]\n  }\n}\n',
      'syntax.json': '{\n  "tasks": [\n    {"id": 1 "title": "A"}\n  ]\n}\n',
      'cycle.json': '{"tasks": [\n{"id": 1, "title": "A", "dependencies": [2]},\n{"id": 2, "title": "B", "dependencies": [1]}\n]}\n',
    });
    const broken = await rejection(runImport({ path: path.join(dir, 'broken.json'), dryRun: false }, { service, actor }));
    expect(broken.message).toBe('Nothing was imported: the input has 2 problems.');
    expect(broken.hint).toContain(`${path.join(dir, 'broken.json')}:4: task 1 depends on 7, which is not a task of "master"`);
    expect(broken.hint).toContain(`${path.join(dir, 'broken.json')}:5: task 2: "title" is missing or empty`);
    expect((await rejection(runImport({ path: path.join(dir, 'syntax.json'), dryRun: false }, { service, actor }))).hint).toMatch(
      /syntax\.json:3: not valid JSON: a comma was expected/,
    );
    expect((await rejection(runImport({ path: path.join(dir, 'cycle.json'), dryRun: false }, { service, actor }))).hint).toMatch(
      /cycle\.json:2: the dependencies form a cycle/,
    );
    expect((await store.read()).revision).toBe(0);
  });
});

describe('Markdown checklist', () => {
  test('nested items become subtasks, [x] completed, headings plans, code blocks skipped', async () => {
    const { service, store } = testService();
    const report = await runImport({ path: todo, dryRun: false }, { service, actor });
    expect(report.format).toBe('markdown');
    const tasks = byTitle((await store.read()).tasks);
    expect(Object.keys(tasks).sort()).toEqual([
      'Accessibility pass',
      'Backend',
      'Dark mode',
      'Feature flag for the switch',
      'Frontend',
      'Launch checklist',
      'Move sessions to Redis',
      'Provision the Redis instance',
      'Rate limiting on the public API',
      'Rewrite the importer in Rust',
      'Switch the session store',
      'Tests',
    ]);
    expect(tasks['Backend']!.parentId).toBe(tasks['Launch checklist']!.id);
    expect(tasks['Rate limiting on the public API']).toMatchObject({ status: 'completed', parentId: tasks['Backend']!.id });
    expect(tasks['Move sessions to Redis']!.description).toBe(
      'Sessions are in memory today, so a restart logs everyone out.\nKeep the cookie format unchanged.',
    );
    expect(tasks['Provision the Redis instance']).toMatchObject({ status: 'completed', parentId: tasks['Move sessions to Redis']!.id });
    expect(tasks['Feature flag for the switch']!.parentId).toBe(tasks['Switch the session store']!.id);
    expect(tasks['Rewrite the importer in Rust']).toMatchObject({ status: 'cancelled', parentId: tasks['Backend']!.id });
    expect(tasks['Dark mode']).toMatchObject({ status: 'pending', metadata: { source: { status: 'in-progress' } } });
    expect(tasks['Tests']!.parentId).toBe(tasks['Frontend']!.id);
    expect(tasks['Move sessions to Redis']!.metadata.source).toEqual({
      format: 'markdown',
      id: 'TODO.md#Launch checklist / Backend / Move sessions to Redis',
      status: 'open',
    });
  });

  test('ticking a box and importing again completes the task; a bad item names its line', async () => {
    const { service, store } = testService();
    const dir = testdir({ 'TODO.md': readFileSync(todo, 'utf8') });
    const file = path.join(dir, 'TODO.md');
    await runImport({ path: file, dryRun: false }, { service, actor });
    writeFileSync(file, readFileSync(file, 'utf8').replace('- [ ] Tests', '- [x] Tests'));
    const report = await runImport({ path: file, dryRun: false }, { service, actor });
    expect(report.created).toEqual([]);
    expect(report.updated.map((entry) => entry.title)).toEqual(['Tests']);
    expect(byTitle((await store.read()).tasks)['Tests']!.status).toBe('completed');
    writeFileSync(file, '- [ ] fine\n- [?] unsure\n  - [ ]\n');
    const error = await rejection(runImport({ path: file, dryRun: false }, { service, actor }));
    expect(error.hint).toBe(
      `${file}:2: unknown checkbox "[?]"; use [ ] for open, [x] for done (also [-] cancelled, [/] in progress)\n  ${file}:3: a checklist item without text`,
    );
  });
});

describe('Backlog.md', () => {
  test('task files with parents, dependencies, labels and sections; completed/ is done', async () => {
    const { service, store } = testService();
    const report = await runImport({ path: backlog, dryRun: false }, { service, actor });
    expect(report.format).toBe('backlog');
    expect(report.files).toHaveLength(4);
    const tasks = byTitle((await store.read()).tasks);
    const auth = tasks['Set up authentication']!;
    expect(auth).toMatchObject({
      priority: 'high',
      tags: ['backend', 'security'],
      metadata: { backlog: { assignee: ['@alice'], ordinal: 1000 }, source: { format: 'backlog', id: 'task-1', status: 'In Progress' } },
    });
    expect(auth.description).toBe(
      '## Description\n\nLet users sign in with email and password, and keep them signed in across restarts.\n\n## Acceptance Criteria\n- [x] #1 Passwords are hashed with a slow hash\n- [ ] #2 Sessions survive a server restart\n\n## Implementation Plan\n\n1. Pick the hashing library.\n2. Store sessions in the database.',
    );
    expect(tasks['Hash passwords']).toMatchObject({
      parentId: auth.id,
      status: 'completed',
      priority: 'normal',
      metadata: { backlog: { assignee: '@bob' } },
    });
    // A plan: its one subtask is done, so it is completed here, whatever its own file says.
    expect(auth.status).toBe('completed');
    expect(tasks['Sign-in page']).toMatchObject({
      dependencies: [auth.id],
      tags: ['frontend', 'good-first-issue'],
      priority: 'low',
      status: 'pending',
    });
    expect(tasks['Choose a framework']!.status).toBe('completed');
  });

  test('a dependency on a task that is not there names the file and line', async () => {
    const { service } = testService();
    const dir = testdir();
    cpSync(backlog, dir, { recursive: true });
    const file = path.join(dir, 'backlog', 'tasks', 'task-2 - Sign-in-page.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('  - task-1\n', '  - task-1\n  - task-99\n'));
    const error = await rejection(runImport({ path: dir, dryRun: false }, { service, actor }));
    expect(error.hint).toBe(`${file}:12: task-2: dependencies names task-99, which is not among the task files read`);
  });
});
