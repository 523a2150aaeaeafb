import { existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync, appendFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { acquireFileLock, breakAbandonedLock, DocumentStore, lockInfo, lockPath, type DocumentHeader } from '../../src/store/index.js';
import { testdir } from '../helpers/testdir.js';
import { rejection } from '../helpers/errors.js';
import { writeOwnerRecord } from '../helpers/lock-holder.js';

const headerSchema = z.object({ schemaVersion: z.literal(1), revision: z.number(), eventLogBytes: z.number().optional() });
const itemSchema = z.number().int().nonnegative();
type Counter = z.infer<typeof headerSchema> & { items: Record<string, number> } & DocumentHeader;

function open(dir: string) {
  return new DocumentStore<Counter>({
    file: path.join(dir, 'store.json'),
    journalFile: path.join(dir, 'journal.jsonl'),
    eventsFile: path.join(dir, 'events.jsonl'),
    backupsDir: path.join(dir, 'backups'),
    schemaVersion: 1,
    schemas: { header: headerSchema, collections: { items: itemSchema } },
    create: () => ({ schemaVersion: 1, revision: 0, items: {} }),
    lock: { staleMs: 2_000, waitMs: 2_000 },
  });
}

const bump = (store: DocumentStore<Counter>, key: string) =>
  store.mutate((doc, tx) => {
    doc.items[key] = (doc.items[key] ?? 0) + 1;
    tx.emit({ op: 'bump', key });
  });

const logLines = (dir: string, name = 'events.jsonl') =>
  readFileSync(path.join(dir, name), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { rev: number; op: string; key?: string });

describe('inspect', () => {
  test('says what is wrong instead of throwing', async () => {
    const dir = testdir();
    expect(await open(dir).inspect()).toMatchObject({ exists: false, bytes: 0, supportedVersion: 1 });

    await bump(open(dir), 'a');
    const ok = await open(dir).inspect();
    expect(ok).toMatchObject({ exists: true, fileVersion: 1, document: { items: { a: 1 } } });
    expect(ok.bytes).toBe(statSync(path.join(dir, 'store.json')).size);

    writeFileSync(path.join(dir, 'store.json'), '{"schemaVersion": 1, "revision": 1, "items": {"a": -1}}');
    const invalid = await open(dir).inspect();
    expect(invalid.error?.code).toBe('STORE_INVALID');
    expect(invalid.fileVersion).toBe(1);
    expect(invalid.document).toBeUndefined();

    writeFileSync(path.join(dir, 'store.json'), '{"schemaVersion": 1,\n "revision": ');
    expect((await open(dir).inspect()).error).toMatchObject({ code: 'STORE_CORRUPT', details: { line: 2 } });

    writeFileSync(path.join(dir, 'store.json'), '{"schemaVersion": 7, "revision": 1, "items": {}}');
    expect(await open(dir).inspect()).toMatchObject({ fileVersion: 7, error: { code: 'STORE_VERSION' } });
  });
});

describe('archiveEvents', () => {
  test('moves the oldest committed events out of the log inside one change; the log keeps agreeing with the store', async () => {
    const dir = testdir();
    const store = open(dir);
    for (const key of ['a', 'b', 'c', 'd']) await bump(store, key);
    const archiveFile = path.relative(dir, store.eventArchiveName(new Date()));
    const seen = await store.mutate((doc, tx) => {
      const events = tx.readEvents();
      tx.archiveEvents(2);
      tx.emit({ op: 'compact' });
      return events.map((event) => event.key);
    });
    expect(seen).toEqual(['a', 'b', 'c', 'd']);
    expect(archiveFile).toMatch(/^archive\/events-\d{4}-\d{2}-\d{2}\.jsonl$/);
    expect(logLines(dir, archiveFile).map((event) => event.key)).toEqual(['a', 'b']);
    expect(logLines(dir).map((event) => [event.rev, event.op, event.key])).toEqual([
      [3, 'bump', 'c'],
      [4, 'bump', 'd'],
      [5, 'compact', undefined],
    ]);
    const doc = await open(dir).read();
    expect(doc.eventLogBytes).toBe(statSync(path.join(dir, 'events.jsonl')).size);
    expect((await open(dir).readEvents()).map((event) => event.rev)).toEqual([3, 4, 5]);
    // The next change appends after the compacted log and is not cut.
    await bump(open(dir), 'e');
    expect(logLines(dir).map((event) => event.rev)).toEqual([3, 4, 5, 6]);
  });

  test('lines of a change that never committed are dropped, not archived', async () => {
    const dir = testdir();
    const store = open(dir);
    await bump(store, 'a');
    await bump(store, 'b');
    appendFileSync(path.join(dir, 'events.jsonl'), '{"rev":3,"ts":"x","op":"ghost"}\n{"rev":4,"op":"to');
    await store.mutate((doc, tx) => tx.archiveEvents(1));
    expect(logLines(dir, path.relative(dir, store.eventArchiveName(new Date()))).map((event) => event.key)).toEqual(['a']);
    expect(logLines(dir).map((event) => event.key)).toEqual(['b']);
    expect(readFileSync(path.join(dir, 'events.jsonl'), 'utf8')).not.toContain('ghost');
  });

  test('a change that throws after asking for a compaction moves nothing', async () => {
    const dir = testdir();
    const store = open(dir);
    await bump(store, 'a');
    const before = readFileSync(path.join(dir, 'events.jsonl'), 'utf8');
    await expect(
      store.mutate((doc, tx) => {
        tx.archiveEvents(1);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(readFileSync(path.join(dir, 'events.jsonl'), 'utf8')).toBe(before);
    expect(existsSync(path.join(dir, 'archive'))).toBe(false);
  });
});

describe('backup and restore', () => {
  test('a backup is the committed document, whole; it never overwrites a file and needs a store', async () => {
    const dir = testdir();
    const store = open(dir);
    await expect(rejection(store.backup(path.join(dir, 'b.json')))).resolves.toMatchObject({ code: 'NOT_FOUND' });
    await bump(store, 'a');
    const target = path.join(dir, 'backups', 'b.json');
    const { document, bytes } = await store.backup(target);
    expect(document.items).toEqual({ a: 1 });
    await bump(store, 'a');
    await store.backup(path.join(dir, 'backups', 'c.json'));
    // The second change is in the journal, not in store.json: the backup holds it all the same.
    expect(JSON.parse(readFileSync(path.join(dir, 'backups', 'c.json'), 'utf8'))).toMatchObject({ revision: 2, items: { a: 2 } });
    expect(bytes).toBe(statSync(target).size);
    expect((await rejection(store.backup(target))).code).toBe('CONFLICT');
  });

  test('a store that does not parse cannot be backed up', async () => {
    const dir = testdir({ 'store.json': '{"schemaVersion": 1, "rev' });
    expect((await rejection(open(dir).backup(path.join(dir, 'b.json')))).code).toBe('STORE_CORRUPT');
    expect(existsSync(path.join(dir, 'b.json'))).toBe(false);
  });

  test('restore replaces the document, keeps a copy of what it replaced and continues the log', async () => {
    const dir = testdir();
    const store = open(dir);
    await bump(store, 'a');
    const snapshot = path.join(dir, 'snap.json');
    await store.backup(snapshot);
    await bump(store, 'b');
    await bump(store, 'b');
    const result = await store.restore(readFileSync(snapshot, 'utf8'), {
      source: snapshot,
      backupFile: path.join(dir, 'backups', 'before.json'),
      event: { op: 'restore', from: snapshot },
    });
    expect(result.document).toMatchObject({ items: { a: 1 }, revision: 4 });
    expect(JSON.parse(readFileSync(path.join(dir, 'backups', 'before.json'), 'utf8'))).toMatchObject({ revision: 3, items: { a: 1, b: 2 } });
    expect((await open(dir).read()).items).toEqual({ a: 1 });
    expect((await open(dir).readEvents()).map((event) => [event.rev, event.op])).toEqual([
      [1, 'bump'],
      [2, 'bump'],
      [3, 'bump'],
      [4, 'restore'],
    ]);
    await bump(open(dir), 'c');
    expect(logLines(dir).map((event) => event.rev)).toEqual([1, 2, 3, 4, 5]);
  });

  test('an invalid snapshot is refused before anything is touched', async () => {
    const dir = testdir();
    const store = open(dir);
    await bump(store, 'a');
    const before = readFileSync(store.file, 'utf8');
    const bad = '{"schemaVersion": 1, "revision": 1, "items": {"a": "many"}}';
    const error = await rejection(store.restore(bad, { source: 'bad.json', backupFile: path.join(dir, 'bk.json'), event: { op: 'restore' } }));
    expect(error.code).toBe('STORE_INVALID');
    expect(error.message).toMatch(/bad\.json/);
    expect(error.hint).toMatch(/Nothing was restored/);
    expect(readFileSync(store.file, 'utf8')).toBe(before);
    expect(existsSync(path.join(dir, 'bk.json'))).toBe(false);
  });

  test('a store that does not parse can be restored over, and is kept', async () => {
    const dir = testdir();
    const store = open(dir);
    await bump(store, 'a');
    const snapshot = readFileSync(store.file, 'utf8');
    await bump(store, 'a');
    writeFileSync(store.file, '{ broken');
    const result = await open(dir).restore(snapshot, { source: 'snap.json', backupFile: path.join(dir, 'bk.json'), event: { op: 'restore' } });
    expect(readFileSync(path.join(dir, 'bk.json'), 'utf8')).toBe('{ broken');
    // Above every revision in the log, so no event is hidden.
    expect(result.document.revision).toBe(3);
    expect((await open(dir).readEvents()).map((event) => event.rev)).toEqual([1, 2, 3]);
  });
});

describe('lock records', () => {
  test('the owner record exists inside the lock while it is held and goes with it', async () => {
    const dir = testdir();
    const file = path.join(dir, 'store.json');
    const release = await acquireFileLock(file, { staleMs: 2_000, waitMs: 1_000 });
    const info = lockInfo(file);
    expect(info?.owner).toMatchObject({ pid: process.pid, host: hostname() });
    expect(info?.lockDir).toBe(lockPath(file));
    await release();
    expect(lockInfo(file)).toBeUndefined();
    expect(readdirSync(dir)).toEqual([]);
  });

  test('breakAbandonedLock removes a lock from another host once silent for the stale timeout, and leaves a fresh one', async () => {
    const dir = testdir();
    const file = path.join(dir, 'store.json');
    const record = writeOwnerRecord(file, { pid: 1, host: 'elsewhere' });
    expect(breakAbandonedLock(file, 2_000)).toBe(false);
    expect(existsSync(lockPath(file))).toBe(true);
    const old = new Date(Date.now() - 60_000);
    utimesSync(record, old, old);
    expect(breakAbandonedLock(file, 2_000)).toBe(true);
    expect(existsSync(lockPath(file))).toBe(false);
  });
});
