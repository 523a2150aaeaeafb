import { chmodSync, chownSync, mkdirSync, readFileSync, symlinkSync, unlinkSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { isolatedEnv, runCli, binPath } from '../helpers/processes.js';
import { testdir } from '../helpers/testdir.js';
import { spawnSync } from 'node:child_process';
import { isolatedEnv as serverEnv, stdioClient } from '../helpers/e2e.js';

const json = (text: string) => JSON.parse(text);

// A full disk is simulated without privileges: the file the store writes first is made a link to /dev/full,
// where every write fails with ENOSPC.
describe.skipIf(!existsSync('/dev/full'))('a full disk', () => {
  test('the store write fails with a clear error, the previous store is intact, and the next change succeeds', async () => {
    const dir = testdir();
    const env = isolatedEnv(dir);
    const data = path.join(dir, 'data');
    expect((await runCli(['tasks', 'add', 'before', '--id', 'a'], env)).code).toBe(0);
    const before = readFileSync(path.join(data, 'store.json'), 'utf8');

    const temp = path.join(data, '.store.json.tmp');
    symlinkSync('/dev/full', temp);
    const failed = await runCli(['tasks', 'add', 'lost', '--id', 'b'], env);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/Could not write .*ENOSPC/);
    expect(failed.stderr).toMatch(/store\.json is intact/);
    expect(readFileSync(path.join(data, 'store.json'), 'utf8')).toBe(before);
    // The change's event was appended before the write failed; it is not part of the history.
    expect(json((await runCli(['tasks', 'log', '--json'], env)).stdout).events.map((event: { taskId: string }) => event.taskId)).toEqual(['a']);

    unlinkSync(temp);
    expect((await runCli(['tasks', 'add', 'after', '--id', 'c'], env)).code).toBe(0);
    const events = json((await runCli(['tasks', 'log', '--json'], env)).stdout).events;
    expect(events.map((event: { taskId: string }) => event.taskId)).toEqual(['a', 'c']);
    expect(json((await runCli(['tasks', 'list', '--json'], env)).stdout).tasks.map((task: { id: string }) => task.id)).toEqual(['a', 'c']);
  });

  test('orchestrator serve answers a change on a full disk with a clear isError, keeps the store, and keeps serving', async () => {
    const dir = testdir();
    const data = path.join(dir, 'data');
    const server = await stdioClient(serverEnv(dir, { ORCHESTRATOR_TOOLSETS: 'standard' }));
    await server.data('orchestrator_create_generic_task', { title: 'before', task_id: 'a' });
    const before = readFileSync(path.join(data, 'store.json'), 'utf8');

    const temp = path.join(data, '.store.json.tmp');
    symlinkSync('/dev/full', temp);
    const failed = await server.call('orchestrator_create_generic_task', { title: 'lost', task_id: 'b' });
    expect(failed.isError).toBe(true);
    expect(failed.structuredContent).toMatchObject({ error: { code: 'IO', message: expect.stringMatching(/ENOSPC/) } });
    expect(JSON.stringify(failed.content)).toMatch(/store\.json is intact/);
    expect(readFileSync(path.join(data, 'store.json'), 'utf8')).toBe(before);
    // Reads go on while the disk is full.
    expect((await server.data('orchestrator_query_tasks')).tasks.map((task: { id: string }) => task.id)).toEqual(['a']);

    unlinkSync(temp);
    await server.data('orchestrator_create_generic_task', { title: 'after', task_id: 'c' });
    expect((await server.data('orchestrator_query_tasks')).tasks.map((task: { id: string }) => task.id)).toEqual(['a', 'c']);
    expect(server.stderr()).not.toMatch(/internal error/i);
  });

  test('a full event log fails the change the same way and changes nothing', async () => {
    const dir = testdir();
    const env = isolatedEnv(dir);
    const data = path.join(dir, 'data');
    mkdirSync(data, { recursive: true });
    symlinkSync('/dev/full', path.join(data, 'events.jsonl'));
    const failed = await runCli(['tasks', 'add', 'x'], env);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/Could not write .*ENOSPC/);
    expect(existsSync(path.join(data, 'store.json'))).toBe(false);
  });
});

// Root ignores permissions, so as root the command runs as an unprivileged user instead.
const asRoot = process.getuid?.() === 0;
const NOBODY = 65534;

function runAs(args: string[], env: NodeJS.ProcessEnv) {
  const result = spawnSync(process.execPath, [binPath, ...args], {
    env,
    encoding: 'utf8',
    ...(asRoot && { uid: NOBODY, gid: NOBODY }),
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe.skipIf(process.platform === 'win32')('a read-only data directory', () => {
  test('reads work; a change fails with a clear error and leaves the store as it was', async () => {
    const dir = testdir();
    chmodSync(dir, 0o755);
    const env = isolatedEnv(dir);
    const data = path.join(dir, 'data');
    expect((await runCli(['tasks', 'add', 'kept', '--id', 'a'], env)).code).toBe(0);
    const before = readFileSync(path.join(data, 'store.json'), 'utf8');
    if (asRoot) chownSync(dir, 0, 0);
    chmodSync(data, 0o555);
    try {
      const listed = runAs(['tasks', 'list', '--json'], env);
      expect(listed.code, listed.stderr).toBe(0);
      expect(json(listed.stdout).tasks.map((task: { id: string }) => task.id)).toEqual(['a']);

      const refused = runAs(['tasks', 'add', 'refused'], env);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/Could not (lock|write)/);
      expect(refused.stderr).toMatch(/writable/);
      expect(refused.stderr).not.toMatch(/Internal error/);
      expect(readFileSync(path.join(data, 'store.json'), 'utf8')).toBe(before);
    } finally {
      chmodSync(data, 0o755);
    }
  });
});
