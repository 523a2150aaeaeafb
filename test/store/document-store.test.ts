import { appendFileSync, cpSync, existsSync, readdirSync, readFileSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { DocumentStore, type DocumentHeader } from '../../src/store/index.js';
import { testdir } from '../helpers/testdir.js';
import { rejection } from '../helpers/errors.js';
import { writeOwnerRecord } from '../helpers/lock-holder.js';

const itemSchema = z.object({ name: z.string(), count: z.number().int().nonnegative() });
const headerSchema = z.object({ schemaVersion: z.literal(2), revision: z.number(), eventLogBytes: z.number().optional() });
type Counter = z.infer<typeof headerSchema> & { items: Record<string, z.infer<typeof itemSchema>> } & DocumentHeader;

function open(dir: string, options: { waitMs?: number; foldBytes?: number } = {}) {
  return new DocumentStore<Counter>({
    file: path.join(dir, 'store.json'),
    journalFile: path.join(dir, 'journal.jsonl'),
    eventsFile: path.join(dir, 'events.jsonl'),
    backupsDir: path.join(dir, 'backups'),
    schemaVersion: 2,
    schemas: { header: headerSchema, collections: { items: itemSchema } },
    create: () => ({ schemaVersion: 2, revision: 0, items: {} }),
    migrations: { 1: (doc) => ({ ...doc, items: doc.things }) },
    lock: { staleMs: 2_000, waitMs: options.waitMs ?? 5_000 },
    ...(options.foldBytes !== undefined && { foldBytes: options.foldBytes }),
  });
}

const bump = (store: DocumentStore<Counter>, key: string) =>
  store.mutate((doc, tx) => {
    const item = doc.items[key] ?? { name: key, count: 0 };
    doc.items[key] = { ...item, count: item.count + 1 };
    tx.emit({ op: 'bump', key });
    return doc.items[key]!.count;
  });

describe('DocumentStore', () => {
  test('reading a missing store returns the empty document and creates nothing', async () => {
    const dir = testdir();
    const store = open(path.join(dir, 'data'));
    expect(await store.read()).toEqual({ schemaVersion: 2, revision: 0, items: {} });
    expect(existsSync(path.join(dir, 'data'))).toBe(false);
  });

  test('the first change writes the snapshot; the next ones append one journal line and one event line each', async () => {
    const dir = testdir();
    const store = open(dir);
    expect(await bump(store, 'a')).toBe(1);
    expect(JSON.parse(readFileSync(path.join(dir, 'store.json'), 'utf8'))).toMatchObject({ revision: 1, items: { a: { count: 1 } } });
    expect(await bump(store, 'a')).toBe(2);
    expect(await bump(store, 'b')).toBe(1);
    const journal = readFileSync(path.join(dir, 'journal.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(journal).toEqual([
      { base: 1 },
      {
        rev: 2,
        ts: expect.any(String),
        header: expect.objectContaining({ schemaVersion: 2 }),
        set: { items: { a: { name: 'a', count: 2 } } },
        delete: {},
      },
      { rev: 3, ts: expect.any(String), header: expect.any(Object), set: { items: { b: { name: 'b', count: 1 } } }, delete: {} },
    ]);
    const onDisk = await open(dir).read();
    expect(onDisk).toMatchObject({ revision: 3, items: { a: { count: 2 }, b: { count: 1 } } });
    const lines = readFileSync(path.join(dir, 'events.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((event) => [event.rev, event.op])).toEqual([
      [1, 'bump'],
      [2, 'bump'],
      [3, 'bump'],
    ]);
    expect(onDisk.eventLogBytes).toBe(statSync(path.join(dir, 'events.jsonl')).size);
  });

  test('a large journal is folded into a new snapshot after the change that grew it, and readers follow', async () => {
    const dir = testdir();
    const store = open(dir, { foldBytes: 300 });
    const reader = open(dir);
    for (let i = 0; i < 6; i++) await bump(store, `k${i}`);
    expect((await reader.read()).revision).toBe(6);
    await store.settle();
    // Folded: the snapshot holds everything, the journal starts after it.
    const snapshot = JSON.parse(readFileSync(path.join(dir, 'store.json'), 'utf8'));
    const start = JSON.parse(readFileSync(path.join(dir, 'journal.jsonl'), 'utf8').split('\n')[0]!);
    expect(start.base).toBe(snapshot.revision);
    expect(snapshot.revision).toBeGreaterThan(1);
    await bump(store, 'after');
    // A reader that was behind the fold reads on, and a new reader gets the same document.
    expect(await reader.read()).toEqual(await open(dir).read());
    expect(Object.keys((await open(dir).read()).items)).toEqual(['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'after']);
  });

  test('a torn last journal line (a writer killed in the middle of it) is ignored, then cut off by the next change', async () => {
    const dir = testdir();
    const store = open(dir);
    await bump(store, 'a');
    await bump(store, 'a');
    appendFileSync(path.join(dir, 'journal.jsonl'), '{"rev":3,"ts":"x","header":{},"set":{"items":{"a":{"na');
    expect((await open(dir).read()).items.a?.count).toBe(2);
    expect(await bump(open(dir), 'a')).toBe(3);
    expect(readFileSync(path.join(dir, 'journal.jsonl'), 'utf8')).not.toContain('"na\n');
    expect((await open(dir).read()).items.a?.count).toBe(3);
  });

  test('a change that emits nothing writes nothing', async () => {
    const dir = testdir();
    const store = open(dir);
    await store.mutate(() => 'no-op');
    expect(existsSync(path.join(dir, 'store.json'))).toBe(false);
  });

  test('sees changes made by another store instance (another process) and never reuses a stale parse', async () => {
    const dir = testdir();
    const first = open(dir);
    const second = open(dir);
    await bump(first, 'a');
    expect((await second.read()).items.a?.count).toBe(1);
    await bump(second, 'a');
    // first cached revision 1; the file changed underneath it.
    expect((await first.read()).items.a?.count).toBe(2);
    expect(await bump(first, 'a')).toBe(3);
  });

  test('a change that throws writes nothing and does not poison the cache', async () => {
    const dir = testdir();
    const store = open(dir);
    await bump(store, 'a');
    const before = readFileSync(path.join(dir, 'store.json'), 'utf8');
    await expect(
      store.mutate((doc, tx) => {
        doc.items.a = { name: 'a', count: 99 };
        doc.items.b = { name: 'b', count: 1 };
        tx.emit({ op: 'half-done' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(readFileSync(path.join(dir, 'store.json'), 'utf8')).toBe(before);
    expect((await store.read()).items).toEqual({ a: { name: 'a', count: 1 } });
  });

  test('stored entries are frozen: editing one in place throws instead of being silently lost', async () => {
    const dir = testdir();
    const store = open(dir);
    await bump(store, 'a');
    await expect(
      store.mutate((doc) => {
        (doc.items.a as { count: number }).count = 99;
      }),
    ).rejects.toThrow(/read only/);
    expect((await open(dir).read()).items.a?.count).toBe(1);
  });

  test('writes one entry per line, and reads a hand-formatted file all the same', async () => {
    const dir = testdir();
    const store = open(dir, { foldBytes: 0 });
    await bump(store, 'a');
    await bump(store, 'b');
    await store.settle();
    const text = readFileSync(path.join(dir, 'store.json'), 'utf8');
    expect(text.split('\n')).toContain('    "a": {"name":"a","count":1},');
    expect(text.split('\n')).toContain('    "b": {"name":"b","count":1}');
    writeFileSync(path.join(dir, 'store.json'), JSON.stringify(JSON.parse(text), null, 4));
    const reread = open(dir);
    expect((await reread.read()).items).toEqual({ a: { name: 'a', count: 1 }, b: { name: 'b', count: 1 } });
    expect(await bump(reread, 'a')).toBe(2);
  });

  test('re-reading after another writer validates the entries that changed, in the snapshot and in the journal', async () => {
    const dir = testdir();
    const first = open(dir, { foldBytes: 0 });
    await bump(first, 'a');
    await bump(first, 'b');
    await first.settle();
    await first.read();
    // Another process (here: a hand edit in the store's own layout) breaks one entry.
    const file = path.join(dir, 'store.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"b": {"name":"b","count":1}', '"b": {"name":"b","count":-5}'));
    const error = await rejection(first.read());
    expect(error.code).toBe('STORE_INVALID');
    expect(error.message).toMatch(/items\.b\.count/);

    const other = testdir();
    const second = open(other);
    await bump(second, 'a');
    await bump(second, 'b');
    const journal = path.join(other, 'journal.jsonl');
    writeFileSync(journal, readFileSync(journal, 'utf8').replace('"count":1', '"count":-5'));
    const inJournal = await rejection(open(other).read());
    expect(inJournal.code).toBe('STORE_INVALID');
    expect(inJournal.message).toMatch(/journal\.jsonl.*items\.b\.count/s);
  });

  test('a change that fails validation is refused and nothing is written', async () => {
    const dir = testdir();
    const store = open(dir);
    await bump(store, 'a');
    const error = await rejection(
      store.mutate((doc, tx) => {
        doc.items.a = { name: 'a', count: -1 };
        tx.emit({ op: 'bad' });
      }),
    );
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toMatch(/items\.a\.count/);
    expect((await open(dir).read()).items.a?.count).toBe(1);
    expect(readFileSync(path.join(dir, 'events.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1);
  });

  test('a store that does not parse is never overwritten, and the error says where and how to restore', async () => {
    const dir = testdir();
    const broken = '{\n  "schemaVersion": 2,\n  "revision": 3,\n  "items": {\n    "a": {"name": "a", "count": 1,}\n  }\n}\n';
    writeFileSync(path.join(dir, 'store.json'), broken);
    const store = open(dir);
    const error = await rejection(bump(store, 'a'));
    expect(error.code).toBe('STORE_CORRUPT');
    expect(error.message).toContain(path.join(dir, 'store.json'));
    expect(error.message).toMatch(/line 5, column \d+/);
    expect(error.hint).toMatch(/orchestrator db restore/);
    expect(readFileSync(path.join(dir, 'store.json'), 'utf8')).toBe(broken);
    expect((await rejection(store.read())).code).toBe('STORE_CORRUPT');
  });

  test('a truncated store is reported, not replaced', async () => {
    const dir = testdir();
    writeFileSync(path.join(dir, 'store.json'), '{"schemaVersion": 2, "revision": 1, "ite');
    const error = await rejection(open(dir).read());
    expect(error.code).toBe('STORE_CORRUPT');
    expect(error.message).toMatch(/line 1/);
  });

  test('a store that fails validation is reported with the offending path and not overwritten', async () => {
    const dir = testdir();
    const invalid = JSON.stringify({ schemaVersion: 2, revision: 1, items: { a: { name: 'a', count: 'many' } } });
    writeFileSync(path.join(dir, 'store.json'), invalid);
    const error = await rejection(bump(open(dir), 'b'));
    expect(error.code).toBe('STORE_INVALID');
    expect(error.message).toMatch(/items\.a\.count/);
    expect(readFileSync(path.join(dir, 'store.json'), 'utf8')).toBe(invalid);
  });

  test('a store from a newer version is refused', async () => {
    const dir = testdir();
    writeFileSync(path.join(dir, 'store.json'), JSON.stringify({ schemaVersion: 9, revision: 1, items: {} }));
    expect((await rejection(open(dir).read())).code).toBe('STORE_VERSION');
  });

  test('an older store is migrated in memory on read, and on disk with a backup at the first change', async () => {
    const dir = testdir();
    const old = JSON.stringify({ schemaVersion: 1, revision: 4, things: { a: { name: 'a', count: 5 } } });
    writeFileSync(path.join(dir, 'store.json'), old);
    const store = open(dir);
    expect((await store.read()).items.a?.count).toBe(5);
    expect(readFileSync(path.join(dir, 'store.json'), 'utf8')).toBe(old);
    await bump(store, 'a');
    const onDisk = JSON.parse(readFileSync(path.join(dir, 'store.json'), 'utf8'));
    expect(onDisk).toMatchObject({ schemaVersion: 2, revision: 5, items: { a: { count: 6 } } });
    const backups = readdirSync(path.join(dir, 'backups'));
    expect(backups).toHaveLength(1);
    expect(readFileSync(path.join(dir, 'backups', backups[0]!), 'utf8')).toBe(old);
  });

  test('event lines of a change that never committed are ignored and then cut off', async () => {
    const dir = testdir();
    const store = open(dir);
    await bump(store, 'a');
    // What a writer killed after appending its events but before renaming the store leaves behind.
    appendFileSync(path.join(dir, 'events.jsonl'), '{"rev":2,"ts":"x","op":"ghost"}\n{"rev":3,"op":"to');
    expect((await store.readEvents()).map((event) => event.op)).toEqual(['bump']);
    await bump(store, 'b');
    const lines = readFileSync(path.join(dir, 'events.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((event) => [event.rev, event.op, event.key])).toEqual([
      [1, 'bump', 'a'],
      [2, 'bump', 'b'],
    ]);
  });

  test('changes from one process are serialised without losing any', async () => {
    const dir = testdir();
    const store = open(dir);
    await Promise.all(Array.from({ length: 50 }, () => bump(store, 'a')));
    expect((await open(dir).read()).items.a?.count).toBe(50);
  });

  test('a lock from another host is taken over once silent for the stale timeout; a fresh one makes the writer give up naming the holder', async () => {
    const dir = testdir();
    const record = writeOwnerRecord(path.join(dir, 'store.json'), { pid: 4242, host: 'elsewhere' });
    const fresh = await rejection(bump(open(dir, { waitMs: 300 }), 'a'));
    expect(fresh.code).toBe('LOCKED');
    expect(fresh.message).toMatch(/pid 4242 on elsewhere/);
    const old = new Date(Date.now() - 60_000);
    utimesSync(record, old, old);
    expect(await bump(open(dir, { waitMs: 300 }), 'a')).toBe(1);
    expect(existsSync(path.join(dir, 'store.json.lock'))).toBe(false);
  });
});

/**
 * The fence: what another writer commits while a change holds the lock, whether it bypassed the lock or took it
 * over. Its commit is made beforehand in a copy of the folder, so that its journal and event lines can be put in
 * place from inside the change, at the moment between the change's read and its write.
 */
describe('the fence before a commit', () => {
  async function foreignCommit(dir: string) {
    const elsewhere = path.join(testdir(), 'copy');
    cpSync(dir, elsewhere, { recursive: true });
    const before = (file: string) => statSync(path.join(dir, file)).size;
    const sizes = { journal: before('journal.jsonl'), events: before('events.jsonl') };
    await bump(open(elsewhere), 'theirs');
    const tail = (file: keyof typeof sizes) => readFileSync(path.join(elsewhere, `${file}.jsonl`)).subarray(sizes[file]);
    return () => {
      appendFileSync(path.join(dir, 'events.jsonl'), tail('events'));
      appendFileSync(path.join(dir, 'journal.jsonl'), tail('journal'));
    };
  }

  test('another writer committed after the change read under the lock: nothing is written over it, the change is redone', async () => {
    const dir = testdir();
    const store = open(dir);
    await bump(store, 'ours');
    await bump(store, 'ours');
    const land = await foreignCommit(dir);
    let runs = 0;
    const count = await store.mutate((doc, tx) => {
      if (runs++ === 0) land();
      doc.items.ours = { name: 'ours', count: doc.items.ours!.count + 1 };
      tx.emit({ op: 'bump', key: 'ours' });
      return doc.items.ours.count;
    });
    expect({ runs, count }).toEqual({ runs: 2, count: 3 });
    const onDisk = await open(dir).read();
    expect(onDisk.items).toEqual({ ours: { name: 'ours', count: 3 }, theirs: { name: 'theirs', count: 1 } });
    expect(onDisk.revision).toBe(4);
  });

  test('the lock was taken over while the change held it: the change fails with LOCKED and writes nothing', async () => {
    const dir = testdir();
    const store = open(dir);
    await bump(store, 'ours');
    await bump(store, 'ours');
    const land = await foreignCommit(dir);
    const lock = path.join(dir, 'store.json.lock');
    const failure = await rejection(
      store.mutate((doc) => {
        // Another process judged the holder gone and took the lock; it committed and released it.
        renameSync(lock, `${lock}.taken`);
        land();
        doc.items.ours = { name: 'ours', count: 99 };
      }),
    );
    expect(failure.code).toBe('LOCKED');
    const onDisk = await open(dir).read();
    expect(onDisk.items).toEqual({ ours: { name: 'ours', count: 2 }, theirs: { name: 'theirs', count: 1 } });
    expect(onDisk.revision).toBe(3);
  });
});

describe('the data directory', () => {
  test('is created by the first change and again if it was removed while the store was open', async () => {
    const { rmSync } = await import('node:fs');
    const dir = path.join(testdir(), 'nested', 'data');
    const store = open(dir);
    expect(await bump(store, 'a')).toBe(1);
    rmSync(path.dirname(dir), { recursive: true, force: true });
    expect(await bump(store, 'b')).toBe(1);
    expect(existsSync(path.join(dir, 'store.json'))).toBe(true);
  });
});
