import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { openTaskStore, TaskService } from '../../src/core/index.js';
import type { OptimizeReport, RestoreReport, SnapshotSummary } from '../../src/db/index.js';
import type { DoctorReport } from '../../src/diagnostics/index.js';
import { binEnv, runBin, runJson } from '../helpers/bin.js';
import { readStoreFiles, storeFilesBytes } from '../helpers/store-files.js';

const actor = 'cli:test';

/**
 * Tasks finished 60 days ago (a clock set back), some still open, some finished today. `old-dep` is finished
 * but `waits` still depends on it, so it must stay.
 */
async function aged() {
  const setup = binEnv();
  const sixtyDaysAgo = () => new Date(Date.now() - 60 * 86_400_000);
  const lock = { staleMs: 2_000, waitMs: 5_000 };
  const past = new TaskService(openTaskStore(setup.dataDir, { lock, clock: sixtyDaysAgo }), {}, sixtyDaysAgo);
  for (const id of ['old-1', 'old-2', 'old-dep', 'open']) await past.create({ id, title: `Task ${id}` }, actor);
  await past.create({ id: 'waits', title: 'Waits', dependencies: ['old-dep'] }, actor);
  for (const id of ['old-1', 'old-2', 'old-dep']) await past.complete(id, { worker: 'w', result: `result ${id}` });
  const today = new TaskService(openTaskStore(setup.dataDir, { lock }));
  await today.create({ id: 'new', title: 'New' }, actor);
  await today.complete('new', { worker: 'w' });
  return { ...setup, store: path.join(setup.dataDir, 'store.json'), events: path.join(setup.dataDir, 'events.jsonl') };
}

describe('orchestrator db check', () => {
  test('runs the store checks alone; exit 1 when one fails', async () => {
    const { env, store } = await aged();
    const ok = runJson<DoctorReport>(['db', 'check'], env);
    expect(ok.status).toBe(0);
    expect(new Set(ok.json.results.map((result) => result.check))).toEqual(new Set(['store']));
    writeFileSync(
      store,
      '{"schemaVersion": 1, "revision": 1, "counters": {"task": 0}, "tasks": {"x": {}}, "workers": {}, "sessions": {}, "archived": {}}',
    );
    const bad = runBin(['db', 'check'], env);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/✖ Valid +.*store\.json is not a valid store/);
    // Continuation lines of a long message are indented under it, and cut.
    expect(bad.stdout).toMatch(/\n {20,}→ at tasks\.x\.id\n/);
    expect(bad.stdout).toMatch(/more lines \(--json shows all\)/);
  });
});

describe('orchestrator db optimize', () => {
  test('--dry-run says what would move and changes nothing', async () => {
    const { env, store, events } = await aged();
    const before = [readFileSync(store, 'utf8'), readFileSync(events, 'utf8')];
    const { status, json } = runJson<OptimizeReport>(['db', 'optimize', '--dry-run'], env);
    expect(status).toBe(0);
    expect(json).toMatchObject({ dryRun: true, archivedTasks: ['old-1', 'old-2'] });
    expect(json.after).toBeUndefined();
    expect([readFileSync(store, 'utf8'), readFileSync(events, 'utf8')]).toEqual(before);
    expect(runBin(['db', 'optimize', '--dry-run'], env).stdout).toMatch(/Would archive 2 tasks .*: old-1, old-2\./);
  });

  test('archives what is old and finished, compacts the log, prints before and after; archived tasks stay readable', async () => {
    const { env, store, events, dataDir } = await aged();
    const text = runBin(['db', 'optimize'], env);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/✔ Archived 2 tasks finished before/);
    expect(text.stdout).toMatch(/✔ Moved \d+ events to archive\/events-\d{4}-\d{2}-\d{2}\.jsonl; store\.json rewritten\./);
    expect(text.stdout).toMatch(/BEFORE +AFTER/);
    expect(text.stdout).toMatch(/tasks in store +6 \(2 pending, 4 completed\) +4 \(2 pending, 2 completed\)/);
    expect(text.stdout).toMatch(/tasks archived +0 +2/);

    const doc = JSON.parse(readFileSync(store, 'utf8'));
    expect(Object.keys(doc.tasks).sort()).toEqual(['new', 'old-dep', 'open', 'waits']);
    expect(doc.eventLogBytes).toBe(statSync(events).size);
    expect(readdirSync(path.join(dataDir, 'archive')).sort()).toEqual([expect.stringMatching(/^events-.*\.jsonl$/), 'tasks.jsonl']);

    const shown = runBin(['tasks', 'show', 'old-1'], env);
    expect(shown.status).toBe(0);
    expect(shown.stdout).toMatch(/completed \(archived /);
    expect(shown.stdout).toMatch(/result old-1/);
    // The old events left the log; the ones this run wrote and today's stay, and the next change appends.
    const log = runJson<{ events: Array<{ op: string; taskId?: string }> }>(['tasks', 'log', '--limit', '0'], env).json.events;
    expect(log.map((event) => event.op)).toEqual(['create', 'complete', 'archive', 'archive', 'optimize']);
    expect(runBin(['tasks', 'add', 'After'], env).status).toBe(0);
    expect(runJson<{ events: Array<{ op: string }> }>(['tasks', 'log', '--limit', '1'], env).json.events[0]?.op).toBe('create');
    expect(runJson<DoctorReport>(['db', 'check'], env).json.summary).toMatchObject({ warn: 0, fail: 0 });
  });

  test('--keep-events keeps the last N; conflicting or malformed options are usage errors', async () => {
    const { env } = await aged();
    const { json } = runJson<OptimizeReport>(['db', 'optimize', '--older-than', '90d', '--keep-events', '3'], env);
    expect(json).toMatchObject({ archivedTasks: [], eventsKept: 3 });
    expect(json.after!.events).toBe(4);
    expect(runBin(['db', 'optimize', '--keep-events', '3', '--keep-days', '2'], env).status).toBe(2);
    const bad = runBin(['db', 'optimize', '--older-than', 'soon'], env);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/Expected a duration such as 90m, 8h or 2d/);
  });
});

describe('orchestrator db backup / restore', () => {
  test('round trip; without a terminal restore needs --yes; the replaced store is kept', async () => {
    const { env, dataDir } = await aged();
    const backup = runJson<SnapshotSummary>(['db', 'backup'], env);
    expect(backup.status).toBe(0);
    expect(backup.json.file).toMatch(new RegExp(`^${dataDir}/backups/store-.*\\.json$`));
    const plain = (document: unknown) => JSON.parse(JSON.stringify(document));
    expect(JSON.parse(readFileSync(backup.json.file, 'utf8'))).toEqual(plain(await readStoreFiles(dataDir)));
    expect(runBin(['tasks', 'add', 'Added after the backup', '--id', 'later'], env).status).toBe(0);
    const afterAdd = storeFilesBytes(dataDir);
    const documentAfterAdd = plain(await readStoreFiles(dataDir));

    const refused = runBin(['db', 'restore', backup.json.file], env);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/no terminal to ask/);
    expect(refused.stderr).toMatch(/Pass --yes/);
    expect(storeFilesBytes(dataDir)).toEqual(afterAdd);

    const restored = runJson<RestoreReport>(['db', 'restore', backup.json.file, '--yes'], env);
    expect(restored.status).toBe(0);
    expect(restored.json.restored).toMatchObject({ file: backup.json.file, tasks: 6 });
    expect(JSON.parse(readFileSync(restored.json.backup!, 'utf8'))).toEqual(documentAfterAdd);
    expect(runBin(['tasks', 'show', 'later'], env).status).toBe(1);
    expect(runJson<{ events: Array<{ op: string }> }>(['tasks', 'log', '--limit', '1'], env).json.events[0]?.op).toBe('restore');

    const explicit = path.join(dataDir, '..', 'mine.json');
    expect(runBin(['db', 'backup', '--out', explicit], env).stdout).toMatch(/Backed up store\.json/);
    const again = runBin(['db', 'backup', '--out', explicit], env);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
  });

  test('restore refuses an invalid snapshot and leaves the store; a corrupted store can be restored over', async () => {
    const { env, store, root } = await aged();
    const snapshot = path.join(root, 'good.json');
    expect(runBin(['db', 'backup', '--out', snapshot], env).status).toBe(0);
    const invalid = path.join(root, 'invalid.json');
    writeFileSync(invalid, JSON.stringify({ schemaVersion: 1, revision: 1 }));
    const before = readFileSync(store, 'utf8');
    const refused = runBin(['db', 'restore', invalid, '--yes'], env);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/invalid\.json is not a valid store/);
    expect(refused.stderr).toMatch(/Nothing was restored/);
    expect(readFileSync(store, 'utf8')).toBe(before);

    writeFileSync(store, '{"schemaVersion": 1, "rev');
    // The corruption error points at this command; it has to work.
    expect(runBin(['tasks', 'list'], env).stderr).toMatch(/orchestrator db restore <file>/);
    expect(runBin(['db', 'restore', snapshot, '--yes'], env).status).toBe(0);
    expect(runJson<DoctorReport>(['doctor'], env).json.ok).toBe(true);
    expect(runBin(['tasks', 'list'], env).stdout).toMatch(/old-dep/);
  });
});

describe('orchestrator db export', () => {
  test('CSV to stdout, Markdown to a file, archived tasks on request', async () => {
    const { env, root } = await aged();
    expect(runBin(['db', 'optimize'], env).status).toBe(0);
    const csv = runBin(['db', 'export', '--format', 'csv'], env);
    expect(csv.status).toBe(0);
    const lines = csv.stdout.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^id,title,status,priority,/);
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(['old-dep', 'open', 'waits', 'new']);
    const all = runBin(['db', 'export', '--format', 'csv', '--include-archived'], env);
    expect(all.stdout.trimEnd().split('\r\n')).toHaveLength(7);

    const file = path.join(root, 'tasks.md');
    const md = runBin(['db', 'export', '--format', 'markdown', '--out', file, '--include-archived'], env);
    expect(md.status).toBe(0);
    expect(md.stdout).toBe('');
    expect(md.stderr).toMatch(/Exported 6 tasks to .*tasks\.md \(markdown\)/);
    expect(readFileSync(file, 'utf8')).toMatch(/\| old-1 \| completed \(archived\) \|/);

    const json = JSON.parse(runBin(['db', 'export'], env).stdout);
    expect(json.count).toBe(4);
    expect(existsSync(path.join(root, 'data', 'archive', 'tasks.jsonl'))).toBe(true);
  });
});
