import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { binPath, fixture, isolatedEnv, runCli, startNode } from '../helpers/bin.js';
import { testdir } from '../helpers/testdir.js';

function cli(dir: string) {
  const env = isolatedEnv(dir);
  return async (...args: string[]) => runCli(args, env);
}

const json = (stdout: string) => JSON.parse(stdout);

describe('orchestrator tasks (end to end)', () => {
  test('a person plans, claims and completes work; --json prints exactly one document', async () => {
    const run = cli(testdir());
    const created = await run('tasks', 'add', 'Design the API', 'Endpoints and errors', '--role', 'architect', '--priority', 'high', '--json');
    expect(created.code).toBe(0);
    expect(json(created.stdout).task).toMatchObject({
      id: 't1',
      title: 'Design the API',
      description: 'Endpoints and errors',
      role: 'architect',
      priority: 'high',
      ready: true,
    });
    await run('tasks', 'add', 'Implement', '--dep', 't1', '--role', 'implementer');
    await run('tasks', 'add', 'Document', '--dep', 't1', '--tag', 'docs,user');

    const list = json((await run('tasks', 'list', '--json')).stdout);
    expect(list.total).toBe(3);
    expect(list.tasks.map((task: { id: string; ready: boolean }) => [task.id, task.ready])).toEqual([
      ['t1', true],
      ['t2', false],
      ['t3', false],
    ]);

    const next = json((await run('tasks', 'next', '--worker', 'alice', '--json')).stdout);
    expect(next.task).toMatchObject({ id: 't1', status: 'in_progress', assignee: 'alice' });
    const refused = await run('tasks', 'done', 't1', '--worker', 'bob');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/held by alice/);
    const done = await run('tasks', 'done', 't1', '--worker', 'alice', '--summary', 'REST', '--json');
    expect(json(done.stdout).task).toMatchObject({ status: 'completed', summary: 'REST' });

    const ready = json((await run('tasks', 'list', '--ready', '--json')).stdout);
    expect(ready.tasks.map((task: { id: string }) => task.id)).toEqual(['t2', 't3']);
    const byRole = json((await run('tasks', 'list', '--role', 'Implementer', '--json')).stdout);
    expect(byRole.tasks.map((task: { id: string }) => task.id)).toEqual(['t2']);
    const tagged = json((await run('tasks', 'list', '--tag', 'docs', '--json')).stdout);
    expect(tagged.tasks.map((task: { id: string }) => task.id)).toEqual(['t3']);

    const table = await run('tasks', 'list');
    expect(table.stdout).toMatch(/t1\s+✓ completed\s+high\s+architect\s+Design the API/);
    expect(table.stdout).toMatch(/3 tasks · 2 ready, 1 completed/);

    const log = json((await run('tasks', 'log', 't1', '--json')).stdout);
    expect(log.events.map((event: { op: string }) => event.op)).toEqual(['create', 'claim', 'complete']);
    const show = json((await run('tasks', 'show', 't1', '--json')).stdout);
    expect(show.dependents.map((task: { id: string }) => task.id)).toEqual(['t2', 't3']);
  });

  test('bad input exits 1 (2 for bad usage) with one clear line and changes nothing', async () => {
    const dir = testdir();
    const run = cli(dir);
    await run('tasks', 'add', 'A', '--id', 'a');
    await run('tasks', 'add', 'B', '--id', 'b', '--dep', 'a');
    const storeFile = path.join(dir, 'data', 'store.json');
    const before = readFileSync(storeFile, 'utf8');

    const cases: Array<[string[], RegExp]> = [
      [['tasks', 'show', 'nope'], /No task with id "nope"/],
      [['tasks', 'add', 'C', '--dep', 'ghost'], /unknown task ghost/],
      [['tasks', 'update', 'a', '--add-dep', 'b'], /Dependency cycle: a → b → a/],
      [['tasks', 'add', 'X', '--id', 'a'], /already exists/],
      [['tasks', 'delete', 'a'], /b depends on it/],
      [['tasks', 'cancel', 'a'], /b depends on it/],
    ];
    for (const [args, message] of cases) {
      const result = await run(...args);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(result.stdout).toBe('');
    }
    const untitled = await run('tasks', 'add', '');
    expect(untitled.code).toBe(2);
    expect(untitled.stderr).toMatch(/Invalid title: a task needs a title/);
    const usage = await run('tasks', 'add', 'X', '--priority', 'asap');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/Allowed choices are urgent, high, normal, low/);
    expect(readFileSync(storeFile, 'utf8')).toBe(before);

    const asJson = await run('tasks', 'show', 'nope', '--json');
    expect(asJson.code).toBe(1);
    expect(json(asJson.stdout).error).toMatchObject({ code: 'NOT_FOUND' });
  });

  test('a corrupted store is reported with the file and never overwritten', async () => {
    const dir = testdir({ 'data/store.json': '{"schemaVersion": 1, "tasks": {' });
    const result = await cli(dir)('tasks', 'add', 'anything');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(path.join(dir, 'data', 'store.json'));
    expect(result.stderr).toMatch(/does not parse at line 1/);
    expect(result.stderr).toMatch(/orchestrator db restore/);
    expect(readFileSync(path.join(dir, 'data', 'store.json'), 'utf8')).toBe('{"schemaVersion": 1, "tasks": {');
  });

  test('graph renders text, mermaid and dot; cancel, reset and delete work with --force', async () => {
    const run = cli(testdir());
    await run('tasks', 'add', 'A', '--id', 'a');
    await run('tasks', 'add', 'B', '--id', 'b', '--dep', 'a');
    expect((await run('tasks', 'graph')).stdout).toBe('a  ● ready  A\nb  ○ blocked  B  ← a\n');
    expect((await run('tasks', 'graph', '--format', 'mermaid')).stdout).toContain('n_a --> n_b');
    expect((await run('tasks', 'graph', '--format', 'dot')).stdout).toContain('"a" -> "b";');
    expect(json((await run('tasks', 'cancel', 'a', '--force', '--reason', 'dropped', '--json')).stdout).tasks[0]).toMatchObject({
      status: 'cancelled',
      cancelReason: 'dropped',
    });
    expect(json((await run('tasks', 'reset', 'a', '--json')).stdout).task).toMatchObject({ status: 'pending' });
    expect(json((await run('tasks', 'delete', 'a', '--force', '--json')).stdout)).toEqual({ deleted: ['a'] });
    expect(json((await run('tasks', 'show', 'b', '--json')).stdout).task.dependencies).toEqual([]);
  });

  test('--help explains every subcommand and --version prints the version', async () => {
    const run = cli(testdir());
    const version = await run('--version');
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(path.join(path.dirname(binPath), '..', 'package.json'), 'utf8')).version);
    for (const sub of ['list', 'add', 'show', 'update', 'start', 'next', 'done', 'fail', 'reset', 'cancel', 'delete', 'log', 'graph']) {
      const help = await run('tasks', sub, '--help');
      expect(help.code, sub).toBe(0);
      expect(help.stdout).toMatch(/^Usage: orchestrator tasks /);
      expect(help.stdout).toContain('--json');
    }
    expect((await run('nonsense')).code).toBe(2);
  });

  test('--version and --help load neither the MCP SDK, lowdb, execa, proper-lockfile, zod nor chalk', async () => {
    const dir = testdir();
    const loadedBy = async (...args: string[]) => {
      const trace = path.join(dir, `trace-${args.join('-')}.txt`);
      const child = startNode('--import', [fixture('trace-imports.mjs'), binPath, ...args], { ...isolatedEnv(dir), TRACE_FILE: trace });
      const { code } = await child.output;
      expect(code).toBe(0);
      return readFileSync(trace, 'utf8');
    };
    const heavy = ['@modelcontextprotocol', 'lowdb', 'execa', 'proper-lockfile', '/zod/', 'chalk'];
    // A bare --version is answered before the command program is even built.
    const version = await loadedBy('--version');
    expect(version).toContain('dist/cli.js');
    for (const name of [...heavy, 'commander']) expect(version, name).not.toContain(name);
    // --help declares every command: commander and the declarations, none of what the commands use.
    const help = await loadedBy('--help');
    expect(help).toContain('commander');
    expect(help).toContain('commands/serve/command.js');
    for (const name of heavy) expect(help, name).not.toContain(name);
  });
});
