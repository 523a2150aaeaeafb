import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { openStore, type StoreDocument, type TaskService } from '../core/index.js';
import { OrchestratorError } from '../errors.js';
import { isPgUrl, redactUrl, type StoreContents } from '../store/index.js';

/** What a store holds, counted: compared between the source and the copy. */
export interface ContentCounts {
  tasks: number;
  archivedTasks: number;
  workers: number;
  sessions: number;
  events: number;
  archivedEvents: number;
  artifacts: number;
}

export interface MigrateReport {
  from: string;
  to: string;
  counts: { source: ContentCounts; target: ContentCounts };
  /** sha256 of everything held, in a canonical form (keys sorted): the same on both sides when the copy is whole. */
  hash: { source: string; target: string };
  /** Whether counts and hashes agree. */
  verified: boolean;
  seconds: number;
}

/**
 * Copies the store into an empty one elsewhere: a file store into PostgreSQL (`--to postgres://...`) or the other
 * way (`--to DIR`). The whole of it, read in one consistent moment: the document, the history, the archive, the
 * events moved out by `db optimize`, and the artifacts. The copy is then read back and compared with the source,
 * count by count and by a hash of everything. The source is only read.
 */
export async function runMigrate(
  options: { to: string; dataDir: string },
  deps: { service: TaskService; now?: () => number },
): Promise<MigrateReport> {
  const started = (deps.now ?? performance.now.bind(performance))();
  const source = deps.service.store;
  const to = isPgUrl(options.to) ? options.to : path.resolve(options.to);
  if (!isPgUrl(to) && existsSync(path.join(to, 'store.json'))) {
    throw new OrchestratorError(`${to} already holds a store; a copy goes into an empty one.`, { code: 'CONFLICT', hint: 'Choose an empty folder.' });
  }
  const target = isPgUrl(to) ? openStore(options.dataDir, to) : openStore(to, undefined);
  if (target.location === source.location) {
    throw new OrchestratorError(`The store is already ${source.location}.`, { code: 'USAGE', hint: 'Name another database or folder with --to.' });
  }
  try {
    const contents = await source.exportContents();
    await target.importContents(contents);
    const copied = await target.exportContents();
    const counts = { source: countOf(contents), target: countOf(copied) };
    const hash = { source: contentHash(contents), target: contentHash(copied) };
    const verified = hash.source === hash.target && JSON.stringify(counts.source) === JSON.stringify(counts.target);
    const seconds = ((deps.now ?? performance.now.bind(performance))() - started) / 1000;
    return { from: source.location, to: isPgUrl(to) ? redactUrl(to) : to, counts, hash, verified, seconds };
  } finally {
    await target.close();
  }
}

export function countOf(contents: StoreContents<StoreDocument>): ContentCounts {
  const { document } = contents;
  return {
    tasks: Object.keys(document.tasks).length,
    archivedTasks: Object.keys(document.archived).length,
    workers: Object.keys(document.workers).length,
    sessions: Object.keys(document.sessions).length,
    events: contents.events.length,
    archivedEvents: contents.eventArchive.length,
    artifacts: contents.artifacts.length,
  };
}

/**
 * A hash of everything a store holds, the same for the same contents whatever backend holds them: keys sorted,
 * and without what only one backend keeps (the size of the file store's event log).
 */
export function contentHash(contents: StoreContents<StoreDocument>): string {
  const { eventLogBytes: _bytes, ...document } = contents.document;
  const canonical = canonicalJson({
    document,
    events: contents.events,
    archive: contents.archive,
    eventArchive: contents.eventArchive,
    artifacts: [...contents.artifacts]
      .sort((a, b) => (a.owner + '\0' + a.id < b.owner + '\0' + b.id ? -1 : 1))
      .map(({ owner, id, content }) => ({ owner, id, content })),
  });
  return createHash('sha256').update(canonical).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
