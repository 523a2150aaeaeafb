import { spawn } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { openTaskStore, TaskService } from '../../src/core/index.js';
import { binPath, binEnv, runBin, startNode, waitFor } from '../helpers/bin.js';
import { testdir } from '../helpers/testdir.js';

// What a person (or a script) meets at the terminal, end to end through the built binary.

function setup() {
  const { root, dataDir, env } = binEnv({ PATH: process.env.PATH ?? '' });
  const run = (...args: string[]) => runBin(args, env);
  const json = (...args: string[]) => {
    const result = runBin([...args, '--json'], env);
    return { ...result, body: JSON.parse(result.stdout) as Record<string, any> };
  };
  return { root, dataDir, env, run, json };
}

async function seed(dataDir: string, count: number) {
  const service = new TaskService(openTaskStore(dataDir));
  const inputs = Array.from({ length: count }, (_, i) => ({
    title: `Task ${i} with a title long enough to make the answer large`,
    description: 'd'.repeat(200),
  }));
  await service.createMany(inputs, 'seed');
  // A large first change is folded into a snapshot in the background: done before the binary reads.
  await service.store.settle();
  return service;
}

/** Runs the binary with stdout read by a reader that waits `delayMs` before it reads anything. */
function slowRead(args: string[], env: NodeJS.ProcessEnv, delayMs: number): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [binPath, ...args], { env, stdio: ['ignore', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    // The listener is there from the start (Node discards what nobody listens to once the child exits); the
    // reader only starts reading after the delay, so the child's writes fill the pipe and wait for it.
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stdout.pause();
    setTimeout(() => child.stdout.resume(), delayMs);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(chunks).toString('utf8') }));
  });
}

describe('--json output through a pipe', () => {
  test('is complete for a slow reader, and the exit code is still right', async () => {
    const { dataDir, env } = setup();
    await seed(dataDir, 600);
    const answer = await slowRead(['tasks', 'list', '--json', '--limit', '500'], env, 500);
    expect(answer.code).toBe(0);
    expect(Buffer.byteLength(answer.stdout)).toBeGreaterThan(200_000);
    expect(JSON.parse(answer.stdout).tasks).toHaveLength(500);
    const failed = await slowRead(['tasks', 'show', 'ghost', '--json'], env, 200);
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.stdout).error.code).toBe('NOT_FOUND');
  });
});

describe('bad usage', () => {
  test.each([
    [['tasks', 'list', '--limit', 'abc'], '--limit'],
    [['tasks', 'list', '--limit', '-1'], '--limit'],
    [['tasks', 'next', '--lease', 'abc'], '--lease'],
    [['tasks', 'start', 't1', '--lease', '2'], '--lease'],
    [['tasks', 'log', '-n', 'x'], '--limit'],
    [['tasks', 'list', '--status', 'bogus'], '--status'],
    [['tasks', 'add', 'X', '--priority', 'asap'], '--priority'],
    [['tasks', 'add', 'X', '--tag', 'two words'], '--tag'],
  ])('%j is exit 2 with one line naming the option', (args, flag) => {
    const { run } = setup();
    run('tasks', 'add', 'one');
    const result = run(...args);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(flag);
    expect(result.stderr).not.toMatch(/Internal error|leaseSeconds|status\.0|tags\.0/);
  });

  test('with --json a usage error is {"error": …} on stdout', () => {
    const { json } = setup();
    for (const args of [
      ['tasks', 'list', '--limit', 'abc'],
      ['tasks', 'list', '--status', 'bogus'],
      ['tasks', 'nope'],
    ]) {
      const result = json(...args);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.body.error).toMatchObject({ code: 'USAGE', message: expect.any(String) });
    }
  });

  test('hints name --force', () => {
    const { run } = setup();
    run('tasks', 'add', 'A', '--id', 'a');
    run('tasks', 'add', 'B', '--id', 'b', '--dep', 'a');
    for (const args of [
      ['tasks', 'delete', 'a'],
      ['tasks', 'cancel', 'a'],
      ['tasks', 'done', 'b'],
      ['tasks', 'start', 'b'],
    ]) {
      const result = run(...args);
      expect(result.status, args.join(' ')).toBe(1);
      expect(result.stderr, args.join(' ')).toContain('--force');
    }
  });
});

describe('the data directory', () => {
  test('one that does not exist, or is a file, is said so', () => {
    const { run, root } = setup();
    const missing = run('--data-dir', path.join(root, 'nowhere'), 'tasks', 'list');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/nowhere \(given with --data-dir\) does not exist/);
    const file = path.join(root, 'a-file');
    writeFileSync(file, 'x');
    const notFolder = run('--data-dir', file, 'tasks', 'list');
    expect(notFolder.status).toBe(2);
    expect(notFolder.stderr).toMatch(/is a file, not a folder/);
  });

  test('a command that creates a store says where on stderr, once', () => {
    const { run, dataDir } = setup();
    const first = run('tasks', 'add', 'First');
    expect(first.stderr).toContain(`Created a task store in ${dataDir}`);
    expect(run('tasks', 'add', 'Second').stderr).toBe('');
    expect(run('tasks', 'list').stderr).toBe('');
  });

  test('init creates the store at the repository root, above a nearer package.json, and says whether to commit it', () => {
    const repo = testdir({ '.git/HEAD': 'ref: refs/heads/main\n', 'packages/web/package.json': '{}' });
    const { env } = binEnv({ PATH: process.env.PATH ?? '', HOME: path.join(repo, 'home'), ORCHESTRATOR_DATA_DIR: '' });
    delete env.ORCHESTRATOR_DATA_DIR;
    const cwd = path.join(repo, 'packages', 'web');
    const result = runBin(['init'], env, { cwd });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`Created ${path.join(repo, '.task_orchestrator')}`);
    expect(result.stdout).toMatch(/Commit \.task_orchestrator\/ to share the tasks/);
    expect(existsSync(path.join(repo, '.task_orchestrator', 'store.json'))).toBe(true);
    expect(readFileSync(path.join(repo, '.task_orchestrator', '.gitignore'), 'utf8')).toContain('store.json.lock');
    const added = runBin(['tasks', 'add', 'From the package', '--json'], env, { cwd });
    expect(added.stderr).toBe('');
    expect(JSON.parse(runBin(['init', '--json'], env, { cwd: repo }).stdout)).toMatchObject({ created: false, repository: repo });
  });
});

describe('rules shared with the MCP face', () => {
  test('a subtask is not added to a completed plan unless --reopen', () => {
    const { run, json } = setup();
    run('tasks', 'add', 'Plan', '--id', 'p');
    run('tasks', 'add', 'Step', '--id', 's', '--parent', 'p');
    run('tasks', 'done', 's');
    const refused = run('tasks', 'add', 'More', '--parent', 'p');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/"p" is completed: a new subtask would reopen it/);
    expect(refused.stderr).toContain('--reopen');
    expect(json('tasks', 'add', 'More', '--parent', 'p', '--reopen').status).toBe(0);
    expect(json('tasks', 'show', 'p').body.task.status).toBe('in_progress');
  });

  test('a subtask of an urgent plan is next before a high task', () => {
    const { run, json } = setup();
    run('tasks', 'add', 'High', '--id', 'high', '--priority', 'high');
    run('tasks', 'add', 'Plan', '--id', 'plan', '--priority', 'urgent');
    run('tasks', 'add', 'Sub', '--id', 'sub', '--parent', 'plan', '--priority', 'low');
    expect(json('tasks', 'next', '--peek').body.task.id).toBe('sub');
    expect(json('tasks', 'list').body.tasks.every((task: { status: string }) => task.status === 'pending')).toBe(true);
    expect(json('tasks', 'next').body.task.id).toBe('sub');
  });

  test('a role no one defined is refused; delete removes the artifact files', async () => {
    const { run, dataDir } = setup();
    const role = run('tasks', 'add', 'X', '--role', 'wizard');
    expect(role.status).toBe(1);
    expect(role.stderr).toMatch(/Unknown role "wizard"/);
    expect(run('tasks', 'add', 'X', '--role', 'Tester').status).toBe(0);

    run('tasks', 'add', 'Work', '--id', 'w');
    const service = new TaskService(openTaskStore(dataDir));
    await service.start('w', { worker: 'agent' });
    const { artifact } = await service.submitWithArtifact('w', { worker: 'agent', summary: 'done', detailedWork: 'all of it' });
    expect(existsSync(path.join(dataDir, artifact.path))).toBe(true);
    expect(run('tasks', 'delete', 'w').status).toBe(0);
    expect(existsSync(path.join(dataDir, 'artifacts', 'w'))).toBe(false);
  });
});

describe('help', () => {
  test('help tasks add shows the help of tasks add; log --help names its default once', () => {
    const { run } = setup();
    const help = run('help', 'tasks', 'add');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: orchestrator tasks add /);
    expect(run('help', 'tasks', 'nope').status).toBe(2);
    const log = run('tasks', 'log', '--help').stdout;
    expect(log.match(/50/g)).toHaveLength(1);
  });
});

describe('the terminal', () => {
  test('a claim says how long the lease lasts and what happens when it runs out; the default lasts a working day', () => {
    const { run, json } = setup();
    run('tasks', 'add', 'A', '--id', 'a');
    const claimed = run('tasks', 'start', 'a');
    expect(claimed.stdout).toMatch(/The lease lasts 8 h, until (\d{4}-\d\d-\d\d )?\d\d:\d\d\. When it runs out, the task\n\s+goes back to the pool/);
    const task = json('tasks', 'show', 'a').body.task;
    expect(Date.parse(task.lease.expiresAt) - Date.parse(task.startedAt)).toBe(8 * 3600 * 1000);
    expect(json('tasks', 'start', 'a', '--lease', '90m').body.task.lease.expiresAt).toMatch(/Z$/);
  });

  test('times read as people read them; --json keeps ISO times', () => {
    const { run, json } = setup();
    run('tasks', 'add', 'A', '--id', 'a');
    expect(run('tasks', 'show', 'a').stdout).toMatch(/Created: +just now \(\d\d:\d\d\)/);
    expect(run('tasks', 'log').stdout).toMatch(/^ {2}just now +a +create/m);
    expect(json('tasks', 'show', 'a').body.task.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  test('update adds and removes single tags', () => {
    const { run, json } = setup();
    run('tasks', 'add', 'A', '--id', 'a', '--tag', 'api,v1');
    expect(json('tasks', 'update', 'a', '--add-tag', 'docs').body.task.tags).toEqual(['api', 'v1', 'docs']);
    expect(json('tasks', 'update', 'a', '--remove-tag', 'v1').body.task.tags).toEqual(['api', 'docs']);
  });

  test('workers shows who holds what', () => {
    const { run, json } = setup();
    run('tasks', 'add', 'A', '--id', 'a');
    run('tasks', 'start', 'a', '--worker', 'alice');
    expect(run('workers').stdout).toMatch(/alice +just now +7 h 59 min|alice +just now +8 h/);
    expect(json('workers').body.workers[0]).toMatchObject({ id: 'alice', holding: [expect.objectContaining({ id: 'a' })] });
  });

  test('edit opens $EDITOR, applies what was saved, and refuses a file that does not validate', () => {
    const { run, json, root, env: base } = setup();
    run('tasks', 'add', 'A', '--id', 'a');
    const editor = path.join(root, 'editor.mjs');
    writeFileSync(
      editor,
      "import { readFileSync, writeFileSync } from 'node:fs';\n" +
        'const file = process.argv[2];\n' +
        'writeFileSync(file, readFileSync(file, "utf8").replace(/^title: .*$/m, `title: ${process.env.NEW_TITLE}`).replace(/^priority: .*$/m, `priority: ${process.env.NEW_PRIORITY}`));\n',
    );
    chmodSync(editor, 0o755);
    const env = (title: string, priority: string) => ({ EDITOR: `${process.execPath} ${editor}`, NEW_TITLE: title, NEW_PRIORITY: priority });
    const ok = runBin(['tasks', 'edit', 'a', '--json'], { ...base, ...env('Renamed', 'high') });
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).task).toMatchObject({ title: 'Renamed', priority: 'high' });
    const bad = runBin(['tasks', 'edit', 'a'], { ...base, ...env('Again', 'asap') });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/Invalid priority/);
    expect(json('tasks', 'show', 'a').body.task.title).toBe('Renamed');
  });
});

describe('tasks log --follow', () => {
  test('prints the history, then each change any process commits, until interrupted', async () => {
    const { run, env } = setup();
    run('tasks', 'add', 'First', '--id', 'a');
    const follower = startNode(binPath, ['tasks', 'log', '--follow', '--json'], env);
    const lines = () =>
      follower.stdoutSoFar
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { op: string; taskId: string });
    await waitFor(() => (lines().length >= 1 ? true : undefined));
    expect(lines()).toEqual([expect.objectContaining({ op: 'create', taskId: 'a' })]);
    run('tasks', 'add', 'Second', '--id', 'b');
    run('tasks', 'start', 'a');
    await waitFor(() => (lines().length >= 3 ? true : undefined));
    expect(lines().map((event) => `${event.op} ${event.taskId}`)).toEqual(['create a', 'create b', 'claim a']);
    follower.kill('SIGINT');
    const { code } = await follower.output;
    expect(code).toBe(0);
  });
});

describe('graph', () => {
  test('draws plans as groups: a box-drawing tree, mermaid subgraphs and dot clusters', () => {
    const { run } = setup();
    run('tasks', 'add', 'Plan', '--id', 'p');
    run('tasks', 'add', 'Design', '--id', 'd', '--parent', 'p');
    run('tasks', 'add', 'Build', '--id', 'b', '--parent', 'p', '--dep', 'd');
    run('tasks', 'add', 'Loose', '--id', 'l', '--dep', 'p');
    expect(run('tasks', 'graph').stdout).toBe('p  ◆ planned  Plan\n├── d  ● ready  Design\n└── b  ○ blocked  Build  ← d\nl  ○ blocked  Loose  ← p\n');
    const mermaid = run('tasks', 'graph', '--format', 'mermaid').stdout;
    expect(mermaid).toMatch(/subgraph n_p\["p: Plan \(pending\)"\]\n\s+n_d\[.*\]\n\s+n_b\[.*\]\n\s+end/);
    expect(mermaid).toContain('n_p --> n_l');
    const dot = run('tasks', 'graph', '--format', 'dot').stdout;
    expect(dot).toMatch(/subgraph "cluster_p" \{\n\s+label="p: Plan";\n\s+"p" \[.*shape=folder\];\n\s+"d" \[.*\];\n\s+"b" \[.*\];\n\s+\}/);
  });
});

describe('completion', () => {
  test('prints a script for each shell, and completes commands, options, choices, task ids and roles', () => {
    const { run } = setup();
    for (const shell of ['bash', 'zsh', 'fish']) expect(run('completion', shell).stdout).toContain('orchestrator __complete');
    expect(run('completion', 'tcsh').status).toBe(2);
    run('tasks', 'add', 'A', '--id', 'alpha');
    run('tasks', 'add', 'B', '--id', 'beta');
    const candidates = (...words: string[]) =>
      run('__complete', ...words)
        .stdout.split('\n')
        .filter(Boolean);
    expect(candidates('ta')).toEqual(['tasks']);
    expect(candidates('tasks', 'sh')).toEqual(['show']);
    expect(candidates('tasks', 'show', '')).toEqual(['alpha', 'beta']);
    expect(candidates('tasks', 'add', 'X', '--dep', 'a')).toEqual(['alpha']);
    expect(candidates('tasks', 'add', 'X', '--role', 'te')).toEqual(['tester']);
    expect(candidates('tasks', 'list', '--status', 'in')).toEqual(['in_progress']);
    expect(candidates('tasks', 'list', '--wi')).toEqual(['--wide']);
    expect(candidates('roles', 'show', 'arc')).toEqual(['architect']);
  });
});
