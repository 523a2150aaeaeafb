import {
  closeSync,
  copyFileSync,
  existsSync,
  fstatSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  statSync,
  writeSync,
} from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { isOrchestratorError, OrchestratorError } from '../errors.js';
import { listArtifacts, readArtifact, removeArtifact, removeArtifacts, writeArtifact, type StoredArtifact } from './artifacts.js';
import { track } from './background.js';
import {
  addKey,
  encodeDocument,
  headerOf,
  jsonOf,
  jsonOnce,
  keysOf,
  validateChange,
  validateChanges,
  validateDocument,
  validateEntry,
  withDataCollections,
  type CodecSchemas,
} from './codec.js';
import { decodeDocument, restoreHint, validated } from './decode.js';
import { Draft, type DocumentObserver } from './draft.js';
import { appendFileDurable, syncData, withIoErrors, writeFileDurable } from './durable.js';
import { parseSnapshot, writeSnapshotFile } from './snapshot.js';
import { appendEvents, maxLoggedRevision, moveOldestEvents, readCommittedLog, readEvents, type CommittedLog, type LoggedEvent } from './event-log.js';
import { ChangeFeed, changeStream, folderSource, type StoreChange } from './feed.js';
import type { Store, StoreContents } from './types.js';
import { encodeCommit, journalStart, readJournal, type CommitLine } from './journal.js';
import { acquireLock, sweepAbandonedLockFiles, type AcquireOptions, type FileLock, type LockSettings } from './lock.js';

/** Fields the store itself maintains in every document it manages. */
export interface DocumentHeader {
  schemaVersion: number;
  /** Incremented by every committed change; events carry the revision they produced. */
  revision: number;
  /** Size of the event log when this revision was committed (see appendEvents). */
  eventLogBytes?: number | undefined;
}

export type EventInput = Record<string, unknown>;

/** What a change function may do besides editing the document. */
export interface Transaction {
  /** The time of this change: one clock reading shared by everything the change stamps. */
  readonly now: Date;
  /** Records one event; a change that emits events is written. */
  emit(event: EventInput): void;
  /** Marks the document as changed without an event or an entry (so that the revision moves). */
  markChanged(): void;
  /** The committed events, oldest first, read inside the lock (for changes that compact the log). */
  readEvents(): readonly LoggedEvent[];
  /**
   * When this change commits, moves the `count` oldest committed events (as `readEvents` lists them) to the
   * event archive (see `eventArchiveName`), and keeps the rest. The change's own events are appended after the
   * kept ones.
   */
  archiveEvents(count: number): void;
  /** When this change commits, appends `records` to the store's archive (documents moved out of it). */
  archive(records: readonly object[]): void;
  /**
   * Keys of `collection` that another process is changing right now: a change that may pick another entry (a
   * claim) passes them over. Always empty where changes never run side by side (the file store).
   */
  busy(collection: string): ReadonlySet<string>;
  /**
   * How crowded the store is for changes like this one: how many times this change, and lately this process's
   * changes that asked, had to be run again because another process committed what they read first (always 0
   * where changes never run side by side). A change that picks one of several equal entries (a claim) spreads
   * over more of them as this grows, so that claimers racing for the same front entry stop colliding.
   */
  readonly contention: number;
}

/** What `inspect` found: the file's facts, and the document or the error that reading it raises. */
export interface StoreInspection<T> {
  file: string;
  exists: boolean;
  bytes: number;
  /** Size of the journal of changes since the snapshot in `file`. */
  journalBytes: number;
  /** The schema version written in the file, when it could be read. */
  fileVersion?: number;
  supportedVersion: number;
  document?: T;
  error?: OrchestratorError;
}

/**
 * A change function: edits `document` in place by replacing or removing entries of its collections
 * (`document.tasks[id] = { ...task, status }`, `delete document.tasks[id]`) and header fields. Entries themselves
 * are immutable once stored (they are frozen): replace them, never edit them. The function runs synchronously;
 * if it throws, every edit is undone and nothing is written.
 */
export type ChangeFn<T, R> = (document: T, tx: Transaction) => R;

/** How a change waits for the lock: see AcquireOptions. */
export type ChangeOptions = AcquireOptions;

export interface DocumentStoreOptions<T extends DocumentHeader> {
  file: string;
  /** The journal of changes since the snapshot in `file` (see journal.ts). */
  journalFile: string;
  eventsFile: string;
  /** Records moved out of the document (`tx.archive`) and old events (`tx.archiveEvents`); default: archive/ beside `file`. */
  archiveDir?: string;
  /** Artifacts live in `<artifactsRoot>/artifacts/<owner>/<id>.md` (see artifacts.ts); default: the folder of `file`. */
  artifactsRoot?: string;
  /** Where a copy of the file is kept before a migration rewrites it. */
  backupsDir: string;
  schemaVersion: number;
  /** The header schema and one schema per collection: see codec.ts for how they are written and checked. */
  schemas: CodecSchemas;
  /** The document used while the file does not exist yet. Reading never creates the file. */
  create: () => T;
  /** `migrations[n]` turns a version-n document into version n+1. */
  migrations?: Record<number, (document: Record<string, unknown>) => Record<string, unknown>>;
  lock: LockSettings;
  /** Wait for the disk before acknowledging a change (default true; see durable.ts). */
  durable?: boolean;
  /** Fold the journal into a new snapshot once it is larger than this and than half the snapshot. */
  foldBytes?: number;
  clock?: () => Date;
}

const DEFAULT_FOLD_BYTES = 256 * 1024;
const NOTHING_BUSY: ReadonlySet<string> = new Set();
/** The archive of records moved out of the document, in `archiveDir`. */
export const ARCHIVE_FILE = 'tasks.jsonl';
/** How often a change is tried again when its fence finds the store moved under it. */
const FENCE_RETRIES = 3;
/** How often a read tries again when a snapshot and a journal were replaced between its two reads. */
const READ_RETRIES = 8;

interface Loaded<T> {
  /** The live document: kept up to date in place, by this process's changes and by what others committed. */
  document: T;
  snapshot: { signature: string | undefined; bytes: number };
  /** What was read of the journal: its inode and signature, and where its complete lines end. */
  journal: { ino: bigint | undefined; signature: string | undefined; committed: number };
  /** The snapshot held an older schema version (migrated in memory; written by the next change). */
  migratedFrom?: number;
}

/** A commit's fence found the store changed by someone else since it was read under the lock. */
class FenceBroken extends Error {}

/**
 * A document on disk shared by many processes: a snapshot (`store.json`) and a journal of the changes committed
 * since (`journal.jsonl`). Reads take no lock: the snapshot is replaced atomically and the journal only grows by
 * whole lines, so a reader always sees a consistent document. Changes go through `mutate`, which takes the
 * inter-process lock, brings the live document up to date, runs the change, and appends one journal line, so
 * a change costs what it changed, whatever the size of the document. The journal is folded into a new snapshot
 * in the background once it grows large. See docs/architecture.md.
 */
export class DocumentStore<T extends DocumentHeader> implements Store<T> {
  readonly backend = 'file' as const;
  readonly exclusiveChanges = true;
  readonly file: string;
  readonly location: string;
  readonly #options: DocumentStoreOptions<T>;
  readonly #collections: ReadonlySet<string>;
  readonly #observers = new Set<DocumentObserver<T>>();
  readonly #feed: ChangeFeed;
  readonly #archiveDir: string;
  readonly #artifactsRoot: string;
  #state: Loaded<T> | undefined;
  #directoryMade = false;
  #swept = false;
  /** Serialises this process's own changes so they queue here instead of spinning on the file lock. */
  #queue: Promise<unknown> = Promise.resolve();
  #folding = false;
  #background: Promise<unknown> = Promise.resolve();

  constructor(options: DocumentStoreOptions<T>) {
    this.#options = options;
    this.file = options.file;
    this.location = options.file;
    this.#collections = new Set(Object.keys(options.schemas.collections));
    this.#archiveDir = options.archiveDir ?? path.join(path.dirname(options.file), 'archive');
    this.#artifactsRoot = options.artifactsRoot ?? path.dirname(options.file);
    this.#feed = new ChangeFeed(folderSource([options.file, options.journalFile]), () => this.#refresh());
  }

  get #durable(): boolean {
    return this.#options.durable ?? true;
  }

  /**
   * The current document. It is live: this process keeps it up to date in place. Treat it as read-only, and
   * read what you need from it before the next await if you need one consistent view.
   */
  async read(): Promise<T> {
    this.#refresh();
    return this.#state!.document;
  }

  /** Events of committed changes, oldest first. */
  async readEvents(): Promise<LoggedEvent[]> {
    const document = await this.read();
    return readEvents(this.#options.eventsFile, document.revision);
  }

  /**
   * Tells `observer` about every entry that changes from now on, after handing it the current document. For
   * indexes kept alongside the document. Returns a function that stops it.
   */
  observe(observer: DocumentObserver<T>): () => void {
    this.#observers.add(observer);
    if (this.#state) observer.reset(this.#state.document);
    return () => this.#observers.delete(observer);
  }

  /**
   * The changes committed by any process after revision `since` (default: the revision now), as they happen,
   * watched from this call on. Changes that arrive faster than the watcher reads them are merged; `reset` means
   * "read everything again". Iterate it until done, or end it with the signal or `return()`.
   */
  watch(options: { since?: number | undefined; signal?: AbortSignal | undefined } = {}): AsyncIterableIterator<StoreChange> {
    let first: StoreChange | undefined;
    try {
      this.#refresh();
      const revision = this.#state!.document.revision;
      if (options.since !== undefined && options.since < revision) first = this.#changesSince(options.since);
    } catch {
      first = { revision: options.since ?? 0, changed: {}, reset: true };
    }
    return changeStream(this.#feed, first, options.signal);
  }

  /** Reads the files without a lock and says what is wrong with them, if anything, instead of throwing. */
  async inspect(): Promise<StoreInspection<T>> {
    const bytes = sizeOf(this.file);
    const journalBytes = sizeOf(this.#options.journalFile);
    const base = { file: this.file, supportedVersion: this.#options.schemaVersion, bytes: bytes ?? 0, journalBytes: journalBytes ?? 0 };
    if (bytes === undefined && journalBytes === undefined) return { ...base, exists: false };
    try {
      this.#refresh();
      const state = this.#state!;
      return { ...base, exists: true, fileVersion: state.migratedFrom ?? state.document.schemaVersion, document: state.document };
    } catch (error) {
      if (!isOrchestratorError(error)) throw error;
      const version = error.details?.schemaVersion;
      return { ...base, exists: true, error, ...(typeof version === 'number' && { fileVersion: version }) };
    }
  }

  /**
   * Applies `change` under the inter-process lock to the latest document and commits the result. `change`
   * runs synchronously inside the lock; if it throws, nothing is written and the error is rethrown.
   */
  mutate<R>(change: ChangeFn<T, R>, options: ChangeOptions = {}): Promise<R> {
    return this.#locked(options, (lock) => this.#commitWithFence(change, lock));
  }

  /**
   * Writes the current document, whole, to `target` under the lock. The copy appears atomically and never
   * replaces an existing file.
   */
  backup(target: string): Promise<{ document: T; bytes: number }> {
    return this.#locked({}, () => {
      this.#refresh();
      const state = this.#state!;
      if (state.snapshot.signature === undefined) {
        throw new OrchestratorError(`There is no store at ${this.file} yet: nothing to back up.`, { code: 'NOT_FOUND' });
      }
      const bytes = writeSnapshotFile(target, state.document, this.#options.schemas, { durable: this.#durable, exclusive: true });
      return { document: state.document, bytes };
    });
  }

  /**
   * Checks that `text` is a document this store accepts (parse, schema version, migrations, schema) without
   * touching the store. Errors name `source` and say that nothing was changed.
   */
  parseSnapshot(text: string, source: string): T {
    return parseSnapshot<T>(text, source, this.#options);
  }

  /**
   * Replaces the document with `text` (validated as by `parseSnapshot`) under the lock, after saving the
   * document it replaces to `backupFile` (or, when it does not read, its files as they are). The restored
   * document gets a revision above every revision the log has seen and the log keeps growing, so history stays
   * in order and nothing in it is cut: `event` is recorded as the restore. `adjust` may carry values over from
   * the document being replaced (absent when that document does not read).
   */
  restore(
    text: string,
    options: { source: string; backupFile: string; event: EventInput; adjust?: (restored: T, current: T | undefined) => T },
  ): Promise<{ document: T; backupFile: string | undefined }> {
    return this.#locked({}, () => {
      const restored = this.parseSnapshot(text, options.source);
      let current: T | undefined;
      try {
        this.#refresh();
        current = this.#state!.snapshot.signature === undefined ? undefined : this.#state!.document;
      } catch {
        current = undefined;
      }
      let backupFile: string | undefined;
      withIoErrors(this.file, () => {
        if (current) {
          writeSnapshotFile(options.backupFile, current, this.#options.schemas, { durable: this.#durable });
          backupFile = options.backupFile;
        } else if (existsSync(this.file)) {
          mkdirSync(path.dirname(options.backupFile), { recursive: true });
          copyFileSync(this.file, options.backupFile);
          if (existsSync(this.#options.journalFile)) copyFileSync(this.#options.journalFile, `${options.backupFile}.journal.jsonl`);
          backupFile = options.backupFile;
        }
      });
      // Without a readable current document the committed size of the log is unknown: keep all of it visible.
      const revision = Math.max(restored.revision, current?.revision ?? maxLoggedRevision(this.#options.eventsFile)) + 1;
      const now = this.#now();
      const next = validateChange(
        () => validateDocument(asRecord({ ...(options.adjust?.(restored, current) ?? restored), revision }), this.#options.schemas) as unknown as T,
      );
      withIoErrors(this.file, () => {
        next.eventLogBytes = appendEvents(
          this.#options.eventsFile,
          current?.eventLogBytes,
          [{ rev: revision, ts: now.toISOString(), ...options.event }],
          this.#durable,
        );
      });
      this.#install(next);
      return { document: next, backupFile };
    });
  }

  /** Writes `document` as the new snapshot (after a restore or an import) and makes it the live document. */
  #install(document: T): void {
    const state: Loaded<T> = {
      document: withDataCollections(document, this.#collections),
      snapshot: { signature: undefined, bytes: 0 },
      journal: { ino: undefined, signature: undefined, committed: 0 },
    };
    // Whatever happens now, the next read starts from the files.
    this.#state = undefined;
    withIoErrors(this.file, () => this.#writeSnapshot(state));
    this.#state = state;
    this.#resetObservers();
    this.#feed.publish({ revision: document.revision, changed: {}, reset: true });
  }

  /** Where `tx.archiveEvents` moves events on `now`'s date: archive/events-<date>.jsonl. */
  eventArchiveName(now: Date): string {
    return path.join(this.#archiveDir, `events-${now.toISOString().slice(0, 10)}.jsonl`);
  }

  /** The records `tx.archive` moved out of the document, oldest first; `skipped` counts lines that do not parse. */
  async readArchive(): Promise<{ records: unknown[]; skipped: number }> {
    let text: string;
    try {
      text = await readFile(path.join(this.#archiveDir, ARCHIVE_FILE), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], skipped: 0 };
      throw readError(path.join(this.#archiveDir, ARCHIVE_FILE), error);
    }
    const records: unknown[] = [];
    let skipped = 0;
    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        records.push(JSON.parse(line));
      } catch {
        skipped++;
      }
    }
    return { records, skipped };
  }

  /** Artifacts: text kept beside the document, by owner (a task id) and id. */
  readonly artifacts = {
    write: async (owner: string, content: string, now: Date): Promise<StoredArtifact> =>
      writeArtifact(this.#artifactsRoot, owner, content, now, { durable: this.#durable }),
    read: async (owner: string, id: string): Promise<string> => readArtifact(this.#artifactsRoot, owner, id),
    /** Removes one artifact, or every artifact of `owner`; what is missing is not an error. */
    remove: async (owner: string, id?: string): Promise<void> =>
      id === undefined ? removeArtifacts(this.#artifactsRoot, owner) : removeArtifact(this.#artifactsRoot, owner, id),
  };

  /** Bytes on disk: the document (snapshot and journal), the event log and the archive. */
  async footprint(): Promise<{ storeBytes: number; eventsBytes: number; archiveBytes: number }> {
    return {
      storeBytes: (sizeOf(this.file) ?? 0) + (sizeOf(this.#options.journalFile) ?? 0),
      eventsBytes: sizeOf(this.#options.eventsFile) ?? 0,
      archiveBytes: directoryBytes(this.#archiveDir),
    };
  }

  exportContents(): Promise<StoreContents<T>> {
    return this.#locked({}, async () => {
      this.#refresh();
      const document = this.#state!.document;
      const events = await readEvents(this.#options.eventsFile, document.revision);
      const archive = (await this.readArchive()).records;
      const eventArchive: StoreContents<T>['eventArchive'] = [];
      for (const name of safeList(this.#archiveDir)
        .filter((entry) => /^events-.*\.jsonl$/.test(entry))
        .sort()) {
        const on = /^events-(\d{4}-\d{2}-\d{2})/.exec(name)?.[1] ?? name.slice(7, -6);
        for (const line of (await readFile(path.join(this.#archiveDir, name), 'utf8')).split('\n')) {
          if (!line) continue;
          try {
            eventArchive.push({ on, event: JSON.parse(line) as LoggedEvent });
          } catch {
            // a torn line of an archive that was being written
          }
        }
      }
      const artifacts = await Promise.all(
        listArtifacts(this.#artifactsRoot).map(async ({ owner, id, file }) => ({
          owner,
          id,
          content: await readFile(file, 'utf8'),
          createdAt: statSync(file).mtime.toISOString(),
        })),
      );
      return { document, events, archive, eventArchive, artifacts };
    });
  }

  importContents(contents: StoreContents<T>): Promise<void> {
    return this.#locked({}, () => {
      this.#refresh();
      if (this.#state!.snapshot.signature !== undefined || sizeOf(this.#options.eventsFile)) {
        throw new OrchestratorError(`${this.file} already holds a store; a copy goes into an empty one.`, {
          code: 'CONFLICT',
          hint: 'Choose an empty data directory, or move this one away first.',
        });
      }
      const document = validateChange(
        () => validateDocument(asRecord({ ...contents.document, eventLogBytes: undefined }), this.#options.schemas) as unknown as T,
      );
      withIoErrors(this.file, () => {
        appendLines(this.#options.eventsFile, contents.events, this.#durable);
        document.eventLogBytes = sizeOf(this.#options.eventsFile) ?? 0;
        if (contents.archive.length > 0) appendLines(path.join(this.#archiveDir, ARCHIVE_FILE), contents.archive as object[], this.#durable);
        const byDay = new Map<string, LoggedEvent[]>();
        for (const { on, event } of contents.eventArchive) {
          const day = byDay.get(on);
          if (day) day.push(event);
          else byDay.set(on, [event]);
        }
        for (const [on, events] of byDay) appendLines(path.join(this.#archiveDir, `events-${on}.jsonl`), events, this.#durable);
        for (const artifact of contents.artifacts)
          writeArtifact(this.#artifactsRoot, artifact.owner, artifact.content, new Date(artifact.createdAt), {
            id: artifact.id,
            durable: this.#durable,
          });
      });
      this.#install(document);
    });
  }

  /** Nothing to release for files; here so that every backend closes the same way. */
  async close(): Promise<void> {
    await this.settle();
  }

  /** Folds the journal into a new snapshot now (`db optimize`): one file to read, nothing to replay. */
  fold(): Promise<void> {
    return this.#locked({}, () => {
      this.#refresh();
      const state = this.#state!;
      if (state.journal.committed <= journalStart(state.document.revision).length && state.snapshot.signature !== undefined) return;
      if (state.snapshot.signature === undefined && state.journal.ino === undefined) return;
      withIoErrors(this.file, () => this.#writeSnapshot(state));
    });
  }

  /** Resolves when the folds this process started in the background are done. */
  async settle(): Promise<void> {
    await this.#background;
    await this.#queue;
  }

  // ---- the lock ---------------------------------------------------------------------------------------------

  /** Runs `fn` holding this process's queue and the inter-process lock. */
  #locked<R>(options: ChangeOptions, fn: (lock: FileLock) => R | Promise<R>): Promise<R> {
    const run = this.#queue.then(async () => {
      const lock = await this.#acquire(options);
      try {
        return await fn(lock);
      } finally {
        await lock.release().catch((error: unknown) => {
          // Taken over while held: the fence checked before the commit landed, so what was committed stands.
          if (!(isOrchestratorError(error) && error.code === 'LOCKED')) throw error;
        });
      }
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Takes the file lock, creating the data directory the first time (or again, should it have been removed since:
   * the lock then fails because its parent is missing).
   */
  async #acquire(options: ChangeOptions): Promise<FileLock> {
    const makeDirectory = () => withIoErrors(this.file, () => mkdirSync(path.dirname(this.file), { recursive: true }));
    if (!this.#directoryMade) makeDirectory();
    this.#directoryMade = true;
    if (!this.#swept) {
      this.#swept = true;
      sweepAbandonedLockFiles(this.file);
    }
    try {
      return await acquireLock(this.file, this.#options.lock, options);
    } catch (error) {
      if ((error as { details?: { errno?: string } }).details?.errno !== 'ENOENT') throw error;
      makeDirectory();
      return acquireLock(this.file, this.#options.lock, options);
    }
  }

  // ---- reading ----------------------------------------------------------------------------------------------

  /**
   * Brings the live document up to date with what is on disk: the journal lines appended since it was last read,
   * or, when the snapshot was replaced (a fold, a restore, a hand edit), the snapshot and the journal again, with
   * the entries that did not change kept as they were. Tells the observers and the watchers what changed.
   * Synchronous, so no change of this process ever interleaves with it.
   */
  #refresh(): void {
    const state = this.#state;
    if (!state) {
      this.#state = this.#load(undefined);
      this.#resetObservers();
      return;
    }
    const journal = journalStat(this.#options.journalFile);
    const signature = signatureOf(this.file);
    const journalChanged = journal?.signature !== state.journal.signature;
    const snapshotChanged = signature !== state.snapshot.signature;
    if (!journalChanged && !snapshotChanged) return;
    // Appended to (perhaps after a torn tail was cut off): read on from the last complete line.
    if (!snapshotChanged && journal && journal.ino === state.journal.ino && journal.size >= state.journal.committed) {
      const applied = this.#follow(state);
      if (applied) {
        if (applied.size > 0) this.#feed.publish({ revision: state.document.revision, changed: keysOf(applied), reset: false });
        return;
      }
    }
    const next = this.#load(state.document);
    const changed = diffDocuments(state.document, next.document, this.#collections);
    this.#state = next;
    // A new document object: observers that keep a reference to it start over from it.
    this.#resetObservers();
    if (changed.size > 0 || next.document.revision !== state.document.revision) {
      this.#feed.publish({ revision: next.document.revision, changed: keysOf(changed), reset: false });
    }
  }

  /**
   * Reads the journal on from where this document is and applies its new lines. Returns the keys changed, or
   * undefined when the journal does not continue from the document's revision (the caller then reloads).
   */
  #follow(state: Loaded<T>): Map<string, Set<string>> | undefined {
    const read = readJournalFile(this.#options.journalFile, state.journal.committed);
    if (!read || read.ino !== state.journal.ino) return undefined;
    const revision = state.document.revision;
    const pending = read.lines.filter((line) => line.rev > revision);
    if (pending.length > 0 && pending[0]!.rev !== revision + 1) return undefined;
    const applied = new Map<string, Set<string>>();
    for (const line of pending) {
      if (line.rev !== state.document.revision + 1) continue; // a line that lost its race (see #append)
      this.#apply(state.document, line, applied, true);
    }
    state.journal = { ino: read.ino, signature: read.signature, committed: read.complete };
    return applied;
  }

  /** Applies one commit line read from the journal to the live document; `notify` tells the observers. */
  #apply(document: T, line: CommitLine, applied: Map<string, Set<string>>, notify: boolean): void {
    const file = this.#options.journalFile;
    const target = asRecord(document);
    const checked = validated(file, restoreHint(file), undefined, () => {
      const entries: Array<[string, string, unknown]> = [];
      for (const [collection, set] of Object.entries(line.set)) {
        const schema = this.#options.schemas.collections[collection];
        if (!schema) throw new z.ZodError([{ code: 'custom', message: 'unknown collection', path: [collection], input: set }]);
        for (const key of Object.keys(set)) entries.push([collection, key, freeze(validateEntry(schema, collection, key, set[key]))]);
      }
      this.#options.schemas.header.parse({ ...line.header, revision: line.rev });
      return entries;
    });
    for (const [collection, key, value] of checked) this.#setEntry(target, collection, key, value, applied, notify);
    for (const [collection, keys] of Object.entries(line.delete)) {
      for (const key of keys) this.#setEntry(target, collection, key, undefined, applied, notify);
    }
    Object.assign(target, line.header, { revision: line.rev });
  }

  #setEntry(
    document: Record<string, unknown>,
    collection: string,
    key: string,
    value: unknown,
    applied: Map<string, Set<string>>,
    notify: boolean,
  ): void {
    const entries = document[collection] as Record<string, unknown>;
    const before = Object.hasOwn(entries, key) ? entries[key] : undefined;
    if (value === undefined) delete entries[key];
    else entries[key] = value;
    let keys = applied.get(collection);
    if (!keys) applied.set(collection, (keys = new Set()));
    keys.add(key);
    if (notify) for (const observer of this.#observers) observer.write(collection, key, before, value);
  }

  /**
   * Reads the snapshot and the journal whole. A reader may catch a fold or a restore between its two reads: the
   * journal then starts after the snapshot it read, and it reads both again.
   */
  #load(previous: T | undefined): Loaded<T> {
    for (let attempt = 0; attempt < READ_RETRIES; attempt++) {
      const snapshot = readSnapshotFile(this.file);
      const decoded =
        snapshot === undefined
          ? { document: this.#options.create() }
          : decodeDocument<T>(this.file, snapshot.text, this.#options, undefined, previous);
      const document = withDataCollections(decoded.document, this.#collections);
      const journal = readJournalFile(this.#options.journalFile, 0);
      const state: Loaded<T> = {
        document,
        snapshot: { signature: snapshot?.signature, bytes: snapshot?.bytes ?? 0 },
        journal: { ino: journal?.ino, signature: journal?.signature, committed: journal?.complete ?? 0 },
        ...(decoded.migratedFrom !== undefined && { migratedFrom: decoded.migratedFrom }),
      };
      if (!journal || decoded.migratedFrom !== undefined) return state;
      if (journal.base === undefined || journal.base > document.revision) continue;
      const pending = journal.lines.filter((line) => line.rev > document.revision);
      if (pending.length > 0 && pending[0]!.rev !== document.revision + 1) continue;
      const applied = new Map<string, Set<string>>();
      for (const line of pending) if (line.rev === document.revision + 1) this.#apply(document, line, applied, false);
      return state;
    }
    throw new OrchestratorError(
      `${this.#options.journalFile} does not continue ${this.file}: the journal starts after the snapshot's revision. Nothing was changed.`,
      { code: 'STORE_CORRUPT', hint: restoreHint(this.file), details: { file: this.#options.journalFile } },
    );
  }

  /** What changed after revision `since`, from the journal; a reset when the journal no longer reaches back that far. */
  #changesSince(since: number): StoreChange {
    const revision = this.#state!.document.revision;
    const read = readJournalFile(this.#options.journalFile, 0);
    if (!read || read.base === undefined || read.base > since) return { revision, changed: {}, reset: true };
    const changed = new Map<string, Set<string>>();
    for (const line of read.lines) {
      if (line.rev <= since || line.rev > revision) continue;
      for (const [collection, set] of Object.entries(line.set)) for (const key of Object.keys(set)) addKey(changed, collection, key);
      for (const [collection, keys] of Object.entries(line.delete)) for (const key of keys) addKey(changed, collection, key);
    }
    return { revision, changed: keysOf(changed), reset: false };
  }

  #resetObservers(): void {
    for (const observer of this.#observers) observer.reset(this.#state!.document);
  }

  // ---- committing -------------------------------------------------------------------------------------------

  /** Commits `change`; when the fence finds the store moved under the lock, reads again and redoes it. */
  #commitWithFence<R>(change: ChangeFn<T, R>, lock: FileLock): R {
    for (let attempt = 0; ; attempt++) {
      try {
        return this.#commit(change, lock);
      } catch (error) {
        if (!(error instanceof FenceBroken)) throw error;
        if (attempt + 1 >= FENCE_RETRIES || !lock.held()) {
          throw new OrchestratorError(`Another process changed ${path.basename(this.file)} while this one held its lock; nothing was changed.`, {
            code: 'LOCKED',
            hint: 'Retry. If it happens again, run `orchestrator doctor` to see who holds the lock.',
          });
        }
      }
    }
  }

  #commit<R>(change: ChangeFn<T, R>, lock: FileLock): R {
    this.#refresh();
    const state = this.#state!;
    const document = state.document;
    const events: EventInput[] = [];
    let marked = false;
    let log: CommittedLog | undefined;
    let compaction: { count: number; archiveFile: string } | undefined;
    const archived: object[] = [];
    const committedLog = () => (log ??= readCommittedLog(this.#options.eventsFile, document.eventLogBytes, document.revision));
    const now = this.#now();
    const draft = new Draft(document, this.#collections, this.#observers);
    try {
      const result = change(draft.view, {
        now,
        emit: (event) => void events.push(event),
        markChanged: () => void (marked = true),
        readEvents: () => committedLog().events,
        archiveEvents: (count) => {
          const moved = Math.min(Math.max(0, Math.floor(count)), committedLog().events.length);
          compaction = moved > 0 ? { count: moved, archiveFile: this.eventArchiveName(now) } : undefined;
        },
        archive: (records) => void archived.push(...records),
        busy: () => NOTHING_BUSY,
        contention: 0,
      });
      const changes = draft.changes();
      const migrating = state.migratedFrom !== undefined;
      if (changes.size === 0 && events.length === 0 && !marked && !draft.headerTouched && !compaction && !migrating && archived.length === 0)
        return result;

      const revision = document.revision + 1;
      validateChanges(changes, this.#options.schemas);
      // The fence, before anything is written: the lock is still ours, and nobody wrote since we read under it.
      this.#checkFence(state, lock);
      const view = draft.view as DocumentHeader;
      withIoErrors(this.file, () => {
        if (migrating) this.#backupBeforeMigration(state.migratedFrom!);
        // Before the change commits: a crash in between leaves a record in both places, and the document's copy wins.
        if (archived.length > 0) appendLines(path.join(this.#archiveDir, ARCHIVE_FILE), archived, this.#durable);
        const committedBytes = compaction
          ? moveOldestEvents(this.#options.eventsFile, committedLog(), compaction.count, compaction.archiveFile, this.#durable)
          : document.eventLogBytes;
        const stamped = events.map((event) => ({ rev: revision, ts: now.toISOString(), ...event }));
        view.eventLogBytes = withIoErrors(this.#options.eventsFile, () =>
          appendEvents(this.#options.eventsFile, committedBytes, stamped, this.#durable),
        );
        view.revision = revision;
        const header = headerOf(asRecord(document), this.#collections);
        validateChange(() => this.#options.schemas.header.parse(header));
        if (migrating || state.snapshot.signature === undefined || state.journal.ino === undefined) this.#writeSnapshot(state);
        else {
          const line = encodeCommit({ rev: revision, ts: now.toISOString(), header }, changes, jsonOf);
          withIoErrors(this.#options.journalFile, () => this.#append(state, line));
        }
      });
      state.migratedFrom = undefined;
      if (this.#feed.watched) this.#feed.publish({ revision, changed: keysOf(changes), reset: false });
      this.#maybeFold(state);
      return result;
    } catch (error) {
      draft.undo();
      throw error;
    }
  }

  /**
   * Fault: a lock taken over (by a process on another host that judged ours stale) or a writer that bypassed the
   * lock. Either way the files moved since this change read them under the lock, and writing would lose what the
   * other wrote: the change is redone from the files instead.
   */
  #checkFence(state: Loaded<T>, lock: FileLock): void {
    if (!lock.held()) throw new FenceBroken();
    // The signature includes the inode: a journal replaced since is caught too.
    if (journalStat(this.#options.journalFile)?.signature !== state.journal.signature) throw new FenceBroken();
    if (signatureOf(this.file) !== state.snapshot.signature) throw new FenceBroken();
  }

  /**
   * Appends one commit line to the journal and waits for the disk. Cuts off a torn tail first (a writer killed in
   * the middle of a line; we hold the lock, so it is dead). Afterwards checks that the line landed where the
   * fence said the journal ended: if another writer appended in between (the lock was not respected), the first
   * line wins for every reader, and if that is not ours, this change did not happen and is redone.
   */
  #append(state: Loaded<T>, line: string): void {
    const fd = openSync(this.#options.journalFile, 'r+');
    try {
      const stat = fstatSync(fd, { bigint: true });
      if (stat.ino !== state.journal.ino) throw new FenceBroken();
      const at = state.journal.committed;
      if (Number(stat.size) > at) ftruncateSync(fd, at);
      const bytes = Buffer.from(line);
      // A short write (a file size limit) goes on until the rest fails with the reason.
      for (let written = 0; written < bytes.length;) written += writeSync(fd, bytes, written, bytes.length - written, at + written);
      syncData(fd, this.#durable);
      const written = fstatSync(fd, { bigint: true });
      if (Number(written.size) !== at + bytes.length && !startsWith(fd, at, bytes)) throw new FenceBroken();
      state.journal = { ino: written.ino, signature: signatureOfStats(written), committed: at + bytes.length };
    } finally {
      closeSync(fd);
    }
  }

  /** Writes the state's document as a new snapshot, starts an empty journal after it, and records both files. */
  #writeSnapshot(state: Loaded<T>): void {
    const text = encodeDocument(asRecord(state.document), this.#options.schemas);
    // The commit point: from this rename on, readers see the new revision.
    writeFileDurable(this.file, text, { durable: this.#durable });
    state.snapshot = { signature: signatureOf(this.file), bytes: Buffer.byteLength(text) };
    try {
      writeFileDurable(this.#options.journalFile, journalStart(state.document.revision), { durable: this.#durable });
    } catch {
      // The old journal still continues the new snapshot (readers skip its lines up to the snapshot's revision):
      // the next change appends to it, and the next fold tries again.
      return;
    }
    const journal = journalStat(this.#options.journalFile)!;
    state.journal = { ino: journal.ino, signature: journal.signature, committed: journal.size };
  }

  /**
   * Once the journal outgrows half the snapshot (and a floor), folds it into a new snapshot after this change
   * has been acknowledged: the next reader then parses one file instead of replaying many lines.
   */
  #maybeFold(state: Loaded<T>): void {
    const limit = Math.max(this.#options.foldBytes ?? DEFAULT_FOLD_BYTES, state.snapshot.bytes / 2);
    if (this.#folding || state.journal.committed <= limit) return;
    this.#folding = true;
    const fold = new Promise<void>((resolve) => setImmediate(resolve)).then(() =>
      this.#locked({}, (lock) => {
        this.#refresh();
        const current = this.#state!;
        if (current.journal.committed <= limit || !lock.held()) return;
        withIoErrors(this.file, () => this.#writeSnapshot(current));
      }),
    );
    this.#background = fold
      .catch(() => undefined)
      .finally(() => {
        this.#folding = false;
      });
    track(this.#background);
  }

  #backupBeforeMigration(fromVersion: number): void {
    mkdirSync(this.#options.backupsDir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    copyFileSync(this.file, path.join(this.#options.backupsDir, `store-v${fromVersion}-${stamp}.json`));
  }

  #now(): Date {
    return (this.#options.clock ?? (() => new Date()))();
  }
}

// ---- files --------------------------------------------------------------------------------------------------

/** Appends records as JSON lines and waits for the disk. */
function appendLines(file: string, records: readonly object[], durable: boolean): void {
  appendFileDurable(file, records.map((record) => `${JSON.stringify(record)}\n`).join(''), durable);
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function directoryBytes(dir: string): number {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  return names.reduce((total, name) => total + (sizeOf(path.join(dir, name)) ?? 0), 0);
}

/** A descriptor to read `file` through, or undefined when there is no such file. */
function openIfExists(file: string): number | undefined {
  try {
    return openSync(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw readError(file, error);
  }
}

function readSnapshotFile(file: string): { text: string; bytes: number; signature: string } | undefined {
  const fd = openIfExists(file);
  if (fd === undefined) return undefined;
  try {
    const stat = fstatSync(fd, { bigint: true });
    const bytes = readAll(fd, Number(stat.size));
    return { text: bytes.toString('utf8'), bytes: bytes.length, signature: signatureOfStats(stat) };
  } finally {
    closeSync(fd);
  }
}

interface JournalRead {
  ino: bigint;
  signature: string;
  base: number | undefined;
  lines: CommitLine[];
  complete: number;
}

/** Reads the journal from `offset` through one descriptor, so the inode, size and bytes belong together. */
function readJournalFile(file: string, offset: number): JournalRead | undefined {
  const fd = openIfExists(file);
  if (fd === undefined) return undefined;
  try {
    const stat = fstatSync(fd, { bigint: true });
    const size = Number(stat.size);
    const bytes = Buffer.alloc(Math.max(0, size - offset));
    let read = 0;
    while (read < bytes.length) {
      const n = readSync(fd, bytes, read, bytes.length - read, offset + read);
      if (n === 0) break;
      read += n;
    }
    const parsed = readJournal(file, bytes.subarray(0, read), offset);
    return { ino: stat.ino, signature: signatureOfStats(stat), ...parsed };
  } finally {
    closeSync(fd);
  }
}

function journalStat(file: string): { ino: bigint; signature: string; size: number } | undefined {
  try {
    const stats = statSync(file, { bigint: true });
    return { ino: stats.ino, signature: signatureOfStats(stats), size: Number(stats.size) };
  } catch {
    return undefined;
  }
}

/**
 * Reads the file whole into one buffer of the size it had (`size`, from fstat), so that the bytes are held once
 * and not again as chunks and their concatenation. A file that grew since is read on to its end.
 */
function readAll(fd: number, size: number): Buffer {
  let bytes = Buffer.allocUnsafeSlow(size);
  let read = 0;
  for (;;) {
    if (read === bytes.length) {
      const more = Buffer.allocUnsafeSlow(Math.max(64 * 1024, bytes.length));
      const n = readSync(fd, more, 0, more.length, read);
      if (n === 0) break;
      bytes = Buffer.concat([bytes, more.subarray(0, n)]);
      read += n;
      continue;
    }
    const n = readSync(fd, bytes, read, bytes.length - read, read);
    if (n === 0) break;
    read += n;
  }
  return read === bytes.length ? bytes : bytes.subarray(0, read);
}

function startsWith(fd: number, at: number, expected: Buffer): boolean {
  const found = Buffer.alloc(expected.length);
  readSync(fd, found, 0, found.length, at);
  return found.equals(expected);
}

function sizeOf(file: string): number | undefined {
  try {
    return statSync(file).size;
  } catch {
    return undefined;
  }
}

/** inode, size and nanosecond timestamps: every atomic rename changes at least the inode or ctime. */
function signatureOf(file: string): string | undefined {
  try {
    return signatureOfStats(statSync(file, { bigint: true }));
  } catch {
    return undefined;
  }
}

function signatureOfStats(stats: { ino: bigint; size: bigint; mtimeNs: bigint; ctimeNs: bigint }): string {
  return `${stats.ino}:${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}`;
}

function readError(file: string, error: unknown): OrchestratorError {
  const code = (error as NodeJS.ErrnoException).code;
  const denied = code === 'EACCES' || code === 'EPERM';
  return new OrchestratorError(`Could not read ${file}: ${denied ? 'permission denied' : (error as Error).message}.`, {
    code: 'IO',
    hint: denied ? `Give this user read access to ${path.dirname(file)}, or point --data-dir elsewhere.` : 'Check the data directory.',
    cause: error,
    details: { errno: code },
  });
}

// ---- small helpers ------------------------------------------------------------------------------------------

function asRecord(document: object): Record<string, unknown> {
  return document as Record<string, unknown>;
}

/**
 * The keys whose entries differ between two documents. An entry of `after` equal to the one in `before` is
 * replaced by that object, so unchanged entries keep their identity across a reload.
 */
function diffDocuments<T>(before: T, after: T, collections: ReadonlySet<string>): Map<string, Set<string>> {
  const changed = new Map<string, Set<string>>();
  for (const collection of collections) {
    const a = asRecord(before as object)[collection] as Record<string, unknown>;
    const b = asRecord(after as object)[collection] as Record<string, unknown>;
    for (const key in a) {
      const next = valueOf(b, key);
      if (next === a[key]) continue;
      if (next !== undefined && jsonOnce(next) === jsonOnce(a[key])) b[key] = a[key];
      else addKey(changed, collection, key);
    }
    for (const key in b) if (!Object.hasOwn(a, key)) addKey(changed, collection, key);
  }
  return changed;
}

function valueOf(entries: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(entries, key) ? entries[key] : undefined;
}

function freeze<V>(value: V): V {
  jsonOf(value);
  return value;
}
