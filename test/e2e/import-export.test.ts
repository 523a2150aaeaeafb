import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { binEnv, fixture, runBin, runJson } from '../helpers/bin.js';

// orchestrator import and db export --format md through the built binary.

const snapshot = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((name) => [name, readFileSync(path.join(dir, name), 'utf8')]),
  );

describe('orchestrator import', () => {
  test('a dry run shows what would come in and writes nothing; the import itself is one change', () => {
    const { env, root, dataDir } = binEnv();
    const dry = runJson(['import', fixture('import/tasks.json'), '--dry-run'], env, { cwd: root });
    expect(dry.status).toBe(0);
    expect(dry.json).toMatchObject({ format: 'taskmaster', dryRun: true, updated: [], unchanged: [] });
    expect((dry.json.created as unknown[]).length).toBe(11);
    expect(existsSync(path.join(dataDir, 'store.json'))).toBe(false);
    const applied = runJson(['import', fixture('import/backlog')], env, { cwd: root });
    expect(applied.json).toMatchObject({ format: 'backlog', dryRun: false });
    const revisions = readFileSync(path.join(dataDir, 'events.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { rev: number }).rev);
    expect(new Set(revisions)).toEqual(new Set([1]));
  });

  test('bad input: exit 1, the file and line on stderr, nothing imported', () => {
    const { env, root, dataDir } = binEnv();
    const file = path.join(root, 'TODO.md');
    writeFileSync(file, '- [ ] one\n- [x]\n');
    const result = runBin(['import', file], env, { cwd: root });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Nothing was imported: the input has 1 problem.');
    expect(result.stderr).toContain(`${file}:2: a checklist item without text`);
    expect(existsSync(path.join(dataDir, 'store.json'))).toBe(false);
    expect(runBin(['import', path.join(root, 'notes.txt')], env).status).toBe(1);
    writeFileSync(path.join(root, 'notes.txt'), 'x');
    expect(runBin(['import', path.join(root, 'notes.txt')], env).stderr).toMatch(/Pass --format/);
  });
});

describe('orchestrator db export --format md', () => {
  test('the same store gives the same bytes; the folder imports back into the same tasks', () => {
    const { env, root } = binEnv();
    runBin(['import', fixture('import/TODO.md')], env, { cwd: root });
    runBin(['tasks', 'start', 't4', '--worker', 'me'], env);
    const out = path.join(root, 'tasks');
    const first = runJson(['db', 'export', '--format', 'md', '--out', out], env);
    expect(first.status).toBe(0);
    const bytes = snapshot(out);
    expect(runJson(['db', 'export', '--format', 'md', '--out', out], env).json).toMatchObject({ written: [], removed: [] });
    expect(snapshot(out)).toEqual(bytes);

    const other = binEnv();
    expect(runJson(['import', out], other.env).json).toMatchObject({ format: 'orchestrator', updated: [], unchanged: [] });
    const tasksOf = (environment: NodeJS.ProcessEnv) => (JSON.parse(runBin(['db', 'export'], environment).stdout) as { tasks: unknown }).tasks;
    expect(tasksOf(other.env)).toEqual(tasksOf(env));
    const outAgain = path.join(other.root, 'tasks');
    runBin(['db', 'export', '--format', 'md', '--out', outAgain], other.env);
    expect(snapshot(outAgain)).toEqual(bytes);

    expect(runBin(['db', 'export', '--format', 'md'], env).status).toBe(2);
    expect(runBin(['db', 'export', '--format', 'md', '--out', out, '--include-archived'], env).status).toBe(2);
  });
});
