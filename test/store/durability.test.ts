import path from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { testdir } from '../helpers/testdir.js';

// What reaches the disk before a change is acknowledged: every call that opens, writes, syncs or renames a file is
// recorded in order, with the file it concerns, so that a sync that goes missing fails here.

type Call = [op: string, file: string];
const calls: Call[] = [];
const files = new Map<number, string>();

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const named = (fd: number) => files.get(fd) ?? `fd ${fd}`;
  const wrapped = {
    ...fs,
    openSync: (file: string, ...rest: unknown[]) => {
      const fd = (fs.openSync as (...args: unknown[]) => number)(file, ...rest);
      files.set(fd, String(file));
      return fd;
    },
    closeSync: (fd: number) => {
      files.delete(fd);
      fs.closeSync(fd);
    },
    fsyncSync: (fd: number) => {
      calls.push(['fsync', named(fd)]);
      fs.fsyncSync(fd);
    },
    fdatasyncSync: (fd: number) => {
      calls.push(['fdatasync', named(fd)]);
      fs.fdatasyncSync(fd);
    },
    renameSync: (from: string, to: string) => {
      calls.push(['rename', `${path.basename(String(from)).replace(/\.\d+\.[0-9a-f]+\.tmp$/, '.tmp')} -> ${path.basename(String(to))}`]);
      fs.renameSync(from, to);
    },
  };
  return { ...wrapped, default: wrapped };
});

const { openTaskStore, TaskService } = await import('../../src/core/index.js');

afterEach(() => {
  calls.length = 0;
});

function service(durable?: boolean) {
  const dir = path.join(testdir(), 'data');
  return { dir, tasks: new TaskService(openTaskStore(dir, durable === undefined ? {} : { durable })) };
}

/** The calls the changes of `fn` make (the lock's own aside), with paths relative to the data directory. */
async function callsOf(dir: string, fn: () => Promise<unknown>): Promise<Call[]> {
  calls.length = 0;
  await fn();
  return calls
    .map(([op, file]): Call => [op, path.isAbsolute(file) ? path.relative(dir, file) || '.' : file])
    .filter(([, file]) => !file.includes('store.json.lock'));
}

describe('durability', () => {
  test('the first change: the events synced, then the snapshot and a new journal, each synced before its rename and the folder after', async () => {
    const { dir, tasks } = service();
    expect(await callsOf(dir, () => tasks.create({ id: 'a', title: 'A' }, 'test'))).toEqual([
      ['fdatasync', 'events.jsonl'],
      ['fsync', expect.stringMatching(/^\.store\.json\..*\.tmp$/)],
      ['rename', '.store.json.tmp -> store.json'],
      ['fsync', '.'],
      ['fsync', expect.stringMatching(/^\.journal\.jsonl\..*\.tmp$/)],
      ['rename', '.journal.jsonl.tmp -> journal.jsonl'],
      ['fsync', '.'],
    ]);
  });

  test('every later change: its event line synced, then its journal line, before the answer', async () => {
    const { dir, tasks } = service();
    await tasks.create({ id: 'a', title: 'A' }, 'test');
    await tasks.create({ id: 'b', title: 'B' }, 'test');
    const claim = await callsOf(dir, () => tasks.start('a', { worker: 'w' }));
    expect(claim.filter(([op]) => op !== 'rename')).toEqual([
      ['fdatasync', 'events.jsonl'],
      ['fdatasync', 'journal.jsonl'],
    ]);
  });

  test('ORCHESTRATOR_FSYNC=0 (durable: false) syncs nothing', async () => {
    const { dir, tasks } = service(false);
    const made = await callsOf(dir, async () => {
      await tasks.create({ id: 'a', title: 'A' }, 'test');
      await tasks.create({ id: 'b', title: 'B' }, 'test');
    });
    expect(made.filter(([op]) => op !== 'rename')).toEqual([]);
  });
});
