import { chmodSync, chownSync, existsSync, mkdirSync, renameSync, symlinkSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { asRoot, binPath, isolatedEnv, runBinUnprivileged, runCli } from '../helpers/bin.js';
import { stdioClient } from '../helpers/e2e.js';
import { testdir } from '../helpers/testdir.js';
import { storeFilesBytes } from '../helpers/store-files.js';

const json = (text: string) => JSON.parse(text);

/** Makes `file` a link to /dev/full, where every write fails with ENOSPC, until the returned function puts it back. */
function fill(file: string): () => void {
  renameSync(file, `${file}.saved`);
  symlinkSync('/dev/full', file);
  return () => {
    unlinkSync(file);
    renameSync(`${file}.saved`, file);
  };
}

const ids = async (args: string[], env: NodeJS.ProcessEnv, key: 'events' | 'tasks') =>
  json((await runCli(args, env)).stdout)[key].map((item: { taskId?: string; id?: string }) => item.taskId ?? item.id);

// A full disk is simulated without privileges: the event log, written first by every change, is made a link to
// /dev/full; and a file size limit (RLIMIT_FSIZE, with SIGXFSZ ignored) makes the journal line fail with EFBIG.
/** A store with two tasks made by the CLI, and the bytes of its files. */
async function twoTasks() {
  const dir = testdir();
  const env = isolatedEnv(dir);
  const data = path.join(dir, 'data');
  expect((await runCli(['tasks', 'add', 'before', '--id', 'a'], env)).code).toBe(0);
  expect((await runCli(['tasks', 'add', 'second', '--id', 'b'], env)).code).toBe(0);
  return { dir, env, data, before: storeFilesBytes(data) };
}

describe('a full disk', () => {
  test('/dev/full exists here', () => {
    expect(existsSync('/dev/full')).toBe(true);
  });

  test('a change whose event cannot be written fails with a clear error, changes nothing, and the next one succeeds', async () => {
    const { env, data, before } = await twoTasks();

    const restore = fill(path.join(data, 'events.jsonl'));
    const failed = await runCli(['tasks', 'add', 'lost', '--id', 'x'], env);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/Could not write .*ENOSPC/);
    expect(failed.stderr).toMatch(/store is intact/);
    expect(storeFilesBytes(data)).toEqual(before);
    restore();

    expect((await runCli(['tasks', 'add', 'after', '--id', 'c'], env)).code).toBe(0);
    expect(await ids(['tasks', 'log', '--json'], env, 'events')).toEqual(['a', 'b', 'c']);
    expect(await ids(['tasks', 'list', '--json'], env, 'tasks')).toEqual(['a', 'b', 'c']);
  });

  test('a journal line that cannot be written whole is not a change: readers ignore it, the next writer cuts it off', async () => {
    const { env, data, before } = await twoTasks();
    // 4 blocks of 512 bytes: the short event line fits, the journal line with a long description does not.
    const limited = spawnSync(
      'sh',
      ['-c', 'trap "" XFSZ; ulimit -f 4; exec "$0" "$@"', process.execPath, binPath, 'tasks', 'add', 'big', 'd'.repeat(3000), '--id', 'x'],
      {
        env,
        encoding: 'utf8',
      },
    );
    expect(limited.status, limited.stderr).toBe(1);
    expect(limited.stderr).toMatch(/Could not write .*journal\.jsonl.*EFBIG/);
    expect(limited.stderr).not.toMatch(/Internal error/);
    // A torn line may be left at the end of the journal: it is not part of the store.
    expect(storeFilesBytes(data)['store.json']).toBe(before['store.json']);
    expect(await ids(['tasks', 'list', '--json'], env, 'tasks')).toEqual(['a', 'b']);
    expect(await ids(['tasks', 'log', '--json'], env, 'events')).toEqual(['a', 'b']);

    expect((await runCli(['tasks', 'add', 'after', '--id', 'c'], env)).code).toBe(0);
    expect(await ids(['tasks', 'list', '--json'], env, 'tasks')).toEqual(['a', 'b', 'c']);
    expect(await ids(['tasks', 'log', '--json'], env, 'events')).toEqual(['a', 'b', 'c']);
    expect(json((await runCli(['db', 'check', '--json'], env)).stdout).summary).toMatchObject({ fail: 0 });
  });

  test('orchestrator serve answers a change on a full disk with a clear isError, keeps the store, and keeps serving', async () => {
    const dir = testdir();
    const data = path.join(dir, 'data');
    const server = await stdioClient(isolatedEnv(dir, { ORCHESTRATOR_TOOLSETS: 'standard' }));
    await server.data('orchestrator_create_generic_task', { title: 'before', task_id: 'a' });
    const before = storeFilesBytes(data);

    const restore = fill(path.join(data, 'events.jsonl'));
    const failed = await server.call('orchestrator_create_generic_task', { title: 'lost', task_id: 'b' });
    expect(failed.isError).toBe(true);
    expect(failed.structuredContent).toMatchObject({ error: { code: 'IO', message: expect.stringMatching(/ENOSPC/) } });
    expect(JSON.stringify(failed.content)).toMatch(/store is intact/);
    expect(storeFilesBytes(data)).toEqual(before);
    // Reads go on while the disk is full.
    expect((await server.data('orchestrator_query_tasks')).tasks.map((task: { id: string }) => task.id)).toEqual(['a']);

    restore();
    await server.data('orchestrator_create_generic_task', { title: 'after', task_id: 'c' });
    expect((await server.data('orchestrator_query_tasks')).tasks.map((task: { id: string }) => task.id)).toEqual(['a', 'c']);
    expect(server.stderr()).not.toMatch(/internal error/i);
  });

  test('a full event log fails the first change the same way and creates no store', async () => {
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

function runAs(args: string[], env: NodeJS.ProcessEnv) {
  const result = runBinUnprivileged(args, env);
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe.skipIf(process.platform === 'win32')('a read-only data directory', () => {
  test('reads work; a change fails with a clear error and leaves the store as it was', async () => {
    const dir = testdir();
    chmodSync(dir, 0o755);
    const env = isolatedEnv(dir);
    const data = path.join(dir, 'data');
    expect((await runCli(['tasks', 'add', 'kept', '--id', 'a'], env)).code).toBe(0);
    const before = storeFilesBytes(data);
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
      expect(storeFilesBytes(data)).toEqual(before);
    } finally {
      chmodSync(data, 0o755);
    }
  });
});
