import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { isolatedEnv, runBin } from '../helpers/bin.js';
import { testdir } from '../helpers/testdir.js';

// Changes to several tasks from the terminal: chosen by ids or a filter, shown, confirmed with --yes (stdin is
// never a terminal here), and made in one store change or not at all.

function sandbox() {
  const root = testdir();
  const env = isolatedEnv(root);
  const run = (...args: string[]) => runBin(args, env, { cwd: root, input: '' });
  const json = (...args: string[]) => JSON.parse(run(...args, '--json').stdout) as Record<string, any>;
  const revisions = () =>
    readFileSync(path.join(root, 'data', 'events.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { rev: number }).rev);
  run('tasks', 'add', 'Write tests', '--id', 'a', '--role', 'tester');
  run('tasks', 'add', 'More tests', '--id', 'b', '--role', 'tester');
  run('tasks', 'add', 'Build', '--id', 'c', '--role', 'implementer');
  for (const id of ['a', 'b', 'c']) run('tasks', 'fail', id, '--error', 'broke', '--force');
  return { run, json, revisions };
}

describe('tasks reset | cancel | update | delete on several tasks', () => {
  test('without a terminal a filter needs --yes, and names it; --dry-run shows and changes nothing', () => {
    const cli = sandbox();
    const before = cli.revisions().length;
    const asked = cli.run('tasks', 'reset', '--status', 'failed', '--role', 'tester');
    expect(asked.status).toBe(2);
    expect(asked.stderr).toContain('--yes');
    expect(asked.stderr).toMatch(/a\s+failed → .*ready\s+Write tests/);
    const dry = cli.json('tasks', 'reset', '--status', 'failed', '--role', 'tester', '--dry-run');
    expect(dry).toMatchObject({ action: 'reset', dryRun: true, selected: ['a', 'b'] });
    expect(dry.tasks.map((task: { status: string }) => task.status)).toEqual(['pending', 'pending']);
    expect(cli.revisions()).toHaveLength(before);
    expect(cli.json('tasks', 'list', '--status', 'failed').tasks).toHaveLength(3);
  });

  test('--yes changes every chosen task in one change', () => {
    const cli = sandbox();
    const result = cli.json('tasks', 'reset', '--status', 'failed', '--role', 'tester', '--yes');
    expect(result).toMatchObject({ action: 'reset', dryRun: false, selected: ['a', 'b'], deleted: [], covered: [] });
    const revisions = cli.revisions();
    expect(revisions.slice(-2)).toEqual([revisions.at(-1), revisions.at(-1)]);
    expect(cli.json('tasks', 'list', '--status', 'failed').tasks.map((task: { id: string }) => task.id)).toEqual(['c']);
    const updated = cli.json('tasks', 'update', 'a', 'b', '--priority', 'urgent', '--yes');
    expect(updated.tasks.map((task: { priority: string }) => task.priority)).toEqual(['urgent', 'urgent']);
    const chosen = cli.json('tasks', 'update', '--filter-role', 'implementer', '--role', 'debugger', '--yes');
    expect(chosen.tasks).toEqual([expect.objectContaining({ id: 'c', role: 'debugger' })]);
    expect(cli.json('tasks', 'delete', '--role', 'tester', '--yes').deleted).toEqual(['a', 'b']);
  });

  test('one refusal changes nothing; ids and a filter together, or neither, are usage errors', () => {
    const cli = sandbox();
    cli.run('tasks', 'add', 'Waits', '--id', 'd', '--dep', 'a');
    const before = cli.revisions().length;
    // c is failed, d is pending: cancelling a would leave d waiting, so the whole change is refused.
    const refused = cli.run('tasks', 'cancel', 'a', 'c', '--yes');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/d depends on it\. Nothing was changed/);
    expect(cli.revisions()).toHaveLength(before);
    expect(cli.run('tasks', 'cancel', 'a', '--status', 'failed', '--yes').status).toBe(2);
    expect(cli.run('tasks', 'cancel').status).toBe(2);
    const none = cli.run('tasks', 'cancel', '--role', 'documenter', '--yes');
    expect([none.status, none.stdout.trim()]).toEqual([0, 'No task matches; nothing was changed.']);
  });
});
