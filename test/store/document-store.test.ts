import { existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync, appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { DocumentStore, type DocumentHeader } from '../../src/store/index.js';
import { testdir } from '../helpers/testdir.js';
import { rejection } from '../helpers/errors.js';

const itemSchema = z.object({ name: z.string(), count: z.number().int().nonnegative() });
const headerSchema = z.object({ schemaVersion: z.literal(2), revision: z.number(), eventLogBytes: z.number().optional() });
type Counter = z.infer<typeof headerSchema> & { items: Record<string, z.infer<typeof itemSchema>> } & DocumentHeader;

function open(dir: string, options: { waitMs?: number } = {}) {
  return new DocumentStore<Counter>({
    file: path.join(dir, 'store.json'),
    eventsFile: path.join(dir, 'events.jsonl'),
    backupsDir: path.join(dir, 'backups'),
    schemaVersion: 2,
    schemas: { header: headerSchema, collections: { items: itemSchema } },
    create: () => ({ schemaVersion: 2, revision: 0, items: {} }),
    migrations: { 1: (doc) => ({ ...doc, items: doc.things }) },
    lock: { staleMs: 2_000, waitMs: options.waitMs ?? 5_000 },
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

  test('a change is written with a new revision and one event line', async () => {
    const dir = testdir();
    const store = open(dir);
    expect(await bump(store, 'a')).toBe(1);
    expect(await bump(store, 'a')).toBe(2);
    const onDisk = JSON.parse(readFileSync(path.join(dir, 'store.json'), 'utf8'));
    expect(onDisk).toMatchObject({ revision: 2, items: { a: { count: 2 } } });
    const lines = readFileSync(path.join(dir, 'events.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((event) => [event.rev, event.op])).toEqual([[1, 'bump'], [2, 'bump']]);
    expect(onDisk.eventLogBytes).toBe(statSync(path.join(dir, 'events.jsonl')).size);
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
    const store = open(dir);
    await bump(store, 'a');
    await bump(store, 'b');
    const text = readFileSync(path.join(dir, 'store.json'), 'utf8');
    expect(text.split('\n')).toContain('    "a": {"name":"a","count":1},');
    expect(text.split('\n')).toContain('    "b": {"name":"b","count":1}');
    writeFileSync(path.join(dir, 'store.json'), JSON.stringify(JSON.parse(text), null, 4));
    const reread = open(dir);
    expect((await reread.read()).items).toEqual({ a: { name: 'a', count: 1 }, b: { name: 'b', count: 1 } });
    expect(await bump(reread, 'a')).toBe(2);
  });

  test('re-reading after another writer validates the entries that changed', async () => {
    const dir = testdir();
    const first = open(dir);
    await bump(first, 'a');
    await bump(first, 'b');
    await first.read();
    // Another process (here: a hand edit in the store's own layout) breaks one entry.
    const file = path.join(dir, 'store.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"b": {"name":"b","count":1}', '"b": {"name":"b","count":-5}'));
    const error = await rejection(first.read());
    expect(error.code).toBe('STORE_INVALID');
    expect(error.message).toMatch(/items\.b\.count/);
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
    const lines = readFileSync(path.join(dir, 'events.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((event) => [event.rev, event.op, event.key])).toEqual([[1, 'bump', 'a'], [2, 'bump', 'b']]);
  });

  test('changes from one process are serialised without losing any', async () => {
    const dir = testdir();
    const store = open(dir);
    await Promise.all(Array.from({ length: 50 }, () => bump(store, 'a')));
    expect((await open(dir).read()).items.a?.count).toBe(50);
  });

  test('a stale lock is taken over; a fresh one makes the writer wait and then give up naming the holder', async () => {
    const dir = testdir();
    const lockDir = path.join(dir, 'store.json.lock');
    mkdirSync(lockDir);
    writeFileSync(path.join(dir, 'store.json.lock-owner'), JSON.stringify({ pid: 4242, host: 'elsewhere', acquiredAt: 'then' }));
    const fresh = await rejection(bump(open(dir, { waitMs: 300 }), 'a'));
    expect(fresh.code).toBe('LOCKED');
    expect(fresh.message).toMatch(/pid 4242 on elsewhere/);
    const old = new Date(Date.now() - 60_000);
    utimesSync(lockDir, old, old);
    expect(await bump(open(dir, { waitMs: 300 }), 'a')).toBe(1);
    expect(existsSync(lockDir)).toBe(false);
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
