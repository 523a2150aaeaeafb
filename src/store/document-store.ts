import { copyFileSync, existsSync, mkdirSync, renameSync, statSync, type BigIntStats } from 'node:fs';
import path from 'node:path';
import { TextFileSync } from 'lowdb/node';
import { z } from 'zod';
import { isOrchestratorError, OrchestratorError } from '../errors.js';
import { encodeDocument, isRecord, validateChanged, validateDocument, type CodecSchemas } from './codec.js';
import { decodeDocument, type Decoded } from './decode.js';
import {
  appendEvents,
  maxLoggedRevision,
  moveOldestEvents,
  readCommittedLog,
  readEvents,
  type CommittedLog,
  type LoggedEvent,
} from './event-log.js';
import { acquireFileLock, type LockSettings } from './lock.js';

/** Fields the store itself maintains in every document it manages. */
export interface DocumentHeader {
  schemaVersion: number;
  /** Incremented by every committed change; events carry the revision they produced. */
  revision: number;
  /** Size of the event log when this revision was committed (see appendEvents). */
  eventLogBytes?: number | undefined;
}

export type EventInput = Record<string, unknown>;

/** What a change function may do besides editing the draft. */
export interface Transaction {
  /** The time of this change: one clock reading shared by everything the change stamps. */
  readonly now: Date;
  /** Records one event; a change that emits events is written. */
  emit(event: EventInput): void;
  /** Marks the draft as changed without an event (bookkeeping such as a worker's last-seen time). */
  markChanged(): void;
  /** The committed events, oldest first, read inside the lock (for changes that compact the log). */
  readEvents(): readonly LoggedEvent[];
  /**
   * When this change commits, moves the `count` oldest committed events (as `readEvents` lists them) to
   * `archiveFile`, appended, and keeps the rest. The change's own events are appended after the kept ones.
   */
  archiveEvents(count: number, archiveFile: string): void;
}

/** What `inspect` found: the file's facts, and the document or the error that reading it raises. */
export interface StoreInspection<T> {
  file: string;
  exists: boolean;
  bytes: number;
  /** The schema version written in the file, when it could be read. */
  fileVersion?: number;
  supportedVersion: number;
  document?: T;
  error?: OrchestratorError;
}

/**
 * The draft handed to a change function: the document with each top-level object or array copied one level
 * deep. Replace entries (`draft.tasks[id] = { ...task, status }`) rather than editing them in place: the
 * previous document is cached and shared with readers.
 */
export type ChangeFn<T, R> = (draft: T, tx: Transaction) => R;

export interface DocumentStoreOptions<T extends DocumentHeader> {
  file: string;
  eventsFile: string;
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
  clock?: () => Date;
}

interface Snapshot<T> extends Decoded<T> {
  /** Identity of the file the document was read from; undefined when the file does not exist. */
  signature: string | undefined;
}

/**
 * A JSON document on disk shared by many processes. Reads take no lock: writes are atomic renames, so a reader
 * always sees a whole file. Changes go through `mutate`, which serialises them across processes.
 */
export class DocumentStore<T extends DocumentHeader> {
  readonly file: string;
  readonly #options: DocumentStoreOptions<T>;
  /**
   * lowdb's text adapter: writes atomically through a temp file and a rename. The synchronous one: a write
   * happens inside the lock anyway, and skipping the thread pool makes small stores several times faster.
   */
  readonly #text: TextFileSync;
  #cache: Snapshot<T> | undefined;
  #directoryMade = false;
  /** Serialises this process's own changes so they queue here instead of spinning on the file lock. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: DocumentStoreOptions<T>) {
    this.#options = options;
    this.file = options.file;
    this.#text = new TextFileSync(options.file);
  }

  /** The current document. Treat it as read-only: it is shared with every other reader in this process. */
  async read(): Promise<T> {
    return (await this.#snapshot()).document;
  }

  /** Events of committed changes, oldest first. */
  async readEvents(): Promise<LoggedEvent[]> {
    const document = await this.read();
    return readEvents(this.#options.eventsFile, document.revision);
  }

  /** Reads the file without a lock and says what is wrong with it, if anything, instead of throwing. */
  async inspect(): Promise<StoreInspection<T>> {
    const base = { file: this.file, supportedVersion: this.#options.schemaVersion };
    let bytes: number;
    try {
      bytes = statSync(this.file).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ...base, exists: false, bytes: 0 };
      throw error;
    }
    try {
      const snapshot = await this.#snapshot();
      return { ...base, exists: true, bytes, fileVersion: snapshot.migratedFrom ?? snapshot.document.schemaVersion, document: snapshot.document };
    } catch (error) {
      if (!isOrchestratorError(error)) throw error;
      const version = error.details?.schemaVersion;
      return { ...base, exists: true, bytes, error, ...(typeof version === 'number' && { fileVersion: version }) };
    }
  }

  /**
   * Applies `change` under the inter-process lock to the latest document and commits the result. `change`
   * runs synchronously inside the lock; if it throws, nothing is written and the error is rethrown.
   */
  mutate<R>(change: ChangeFn<T, R>): Promise<R> {
    return this.#locked(() => this.#mutateLocked(change));
  }

  /**
   * Copies the committed file to `target` under the lock, so the copy is a whole, valid document (checked
   * before copying). The copy appears atomically and never replaces an existing file.
   */
  backup(target: string): Promise<{ document: T; bytes: number }> {
    return this.#locked(async () => {
      const snapshot = await this.#snapshot();
      if (snapshot.signature === undefined) {
        throw new OrchestratorError(`There is no store at ${this.file} yet: nothing to back up.`, { code: 'NOT_FOUND' });
      }
      if (existsSync(target)) {
        throw new OrchestratorError(`${target} already exists.`, { code: 'CONFLICT', hint: 'Choose another file name, or remove that file first.' });
      }
      mkdirSync(path.dirname(target), { recursive: true });
      const temp = `${target}.${process.pid}.tmp`;
      copyFileSync(this.file, temp);
      renameSync(temp, target);
      return { document: snapshot.document, bytes: statSync(target).size };
    });
  }

  /**
   * Checks that `text` is a document this store accepts (parse, schema version, migrations, schema) without
   * touching the store. Errors name `source` and say that nothing was changed.
   */
  parseSnapshot(text: string, source: string): T {
    const hint = 'Nothing was restored; the store is unchanged. Choose another snapshot.';
    return decodeDocument<T>(source, text, this.#options, hint).document;
  }

  /**
   * Replaces the document with `text` (validated as by `parseSnapshot`) under the lock, after copying the file
   * it replaces, whatever state that file is in, to `backupFile`. The restored document gets a revision above
   * every revision the log has seen and the log keeps growing, so history stays in order and nothing in it is
   * cut: `event` is recorded as the restore. `adjust` may carry values over from the document being replaced
   * (absent when that document does not read).
   */
  restore(
    text: string,
    options: { source: string; backupFile: string; event: EventInput; adjust?: (restored: T, current: T | undefined) => T },
  ): Promise<{ document: T; backupFile: string | undefined }> {
    return this.#locked(async () => {
      const restored = this.parseSnapshot(text, options.source);
      const current = await this.#snapshot().then((snapshot) => (snapshot.signature === undefined ? null : snapshot.document), () => undefined);
      let backupFile: string | undefined;
      if (current !== null) {
        mkdirSync(path.dirname(options.backupFile), { recursive: true });
        copyFileSync(this.file, options.backupFile);
        backupFile = options.backupFile;
      }
      const known = current ?? undefined;
      // Without a readable current document the committed size of the log is unknown: keep all of it visible.
      const revision = Math.max(restored.revision, known?.revision ?? maxLoggedRevision(this.#options.eventsFile)) + 1;
      const now = (this.#options.clock ?? (() => new Date()))();
      const next = validateChange(
        () => validateDocument(asRecord({ ...(options.adjust?.(restored, known) ?? restored), revision }), this.#options.schemas) as unknown as T,
      );
      next.eventLogBytes = withIoErrors(this.file, () =>
        appendEvents(this.#options.eventsFile, known?.eventLogBytes, [{ rev: revision, ts: now.toISOString(), ...options.event }]),
      );
      await this.#write(next);
      this.#cache = { document: next, signature: signatureOf(this.file) };
      return { document: next, backupFile };
    });
  }

  /**
   * Takes the file lock, creating the data directory the first time (or again, should it have been removed since:
   * the lock then fails because its parent is missing).
   */
  async #acquire(): Promise<() => Promise<void>> {
    const makeDirectory = () => withIoErrors(this.file, () => mkdirSync(path.dirname(this.file), { recursive: true }));
    if (!this.#directoryMade) makeDirectory();
    this.#directoryMade = true;
    try {
      return await acquireFileLock(this.file, this.#options.lock);
    } catch (error) {
      if ((error as { cause?: NodeJS.ErrnoException }).cause?.code !== 'ENOENT') throw error;
      makeDirectory();
      return acquireFileLock(this.file, this.#options.lock);
    }
  }

  /** Runs `fn` holding this process's queue and the inter-process lock; drops the cache if `fn` fails. */
  #locked<R>(fn: () => Promise<R>): Promise<R> {
    const run = this.#queue.then(async () => {
      const release = await this.#acquire();
      try {
        return await fn();
      } catch (error) {
        // After a failed change the cached document may hold a half-applied draft's entries: read it again.
        this.#cache = undefined;
        throw error;
      } finally {
        await release();
      }
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #mutateLocked<R>(change: ChangeFn<T, R>): Promise<R> {
    const previous = await this.#snapshot();
    const events: EventInput[] = [];
    let changed = false;
    let log: CommittedLog | undefined;
    let compaction: { count: number; archiveFile: string } | undefined;
    const committedLog = () =>
      (log ??= readCommittedLog(this.#options.eventsFile, previous.document.eventLogBytes, previous.document.revision));
    const now = (this.#options.clock ?? (() => new Date()))();
    const draft = shallowDraft(previous.document);
    const result = change(draft, {
      now,
      emit: (event) => void events.push(event),
      markChanged: () => void (changed = true),
      readEvents: () => committedLog().events,
      archiveEvents: (count, archiveFile) => {
        const moved = Math.min(Math.max(0, Math.floor(count)), committedLog().events.length);
        compaction = moved > 0 ? { count: moved, archiveFile } : undefined;
      },
    });
    if (events.length === 0 && !changed && !compaction && previous.migratedFrom === undefined) return result;

    const revision = previous.document.revision + 1;
    const ts = now.toISOString();
    const next = { ...draft, revision } as T;
    validateChange(() => validateChanged(asRecord(next), asRecord(previous.document), this.#options.schemas));
    withIoErrors(this.file, () => {
      if (previous.migratedFrom !== undefined) this.#backupBeforeMigration(previous.migratedFrom);
      const committedBytes = compaction
        ? moveOldestEvents(this.#options.eventsFile, committedLog(), compaction.count, compaction.archiveFile)
        : previous.document.eventLogBytes;
      next.eventLogBytes = appendEvents(
        this.#options.eventsFile,
        committedBytes,
        events.map((event) => ({ rev: revision, ts, ...event })),
      );
    });
    await this.#write(next);
    this.#cache = { document: next, signature: signatureOf(this.file) };
    return result;
  }

  async #snapshot(): Promise<Snapshot<T>> {
    const signature = signatureOf(this.file);
    if (this.#cache && signature !== undefined && this.#cache.signature === signature) return this.#cache;
    const text = signature === undefined ? null : this.#text.read();
    if (text === null) {
      this.#cache = { document: this.#options.create(), signature: undefined };
      return this.#cache;
    }
    const decoded = decodeDocument<T>(this.file, text, this.#options, undefined, this.#cache?.document);
    // The file may have been replaced between the stat and the read: only cache what provably matches.
    this.#cache = { ...decoded, signature: signatureOf(this.file) === signature ? signature : 'unknown' };
    return this.#cache;
  }

  async #write(document: T): Promise<void> {
    withIoErrors(this.file, () => this.#text.write(encodeDocument(asRecord(document), this.#options.schemas)));
  }

  #backupBeforeMigration(fromVersion: number): void {
    mkdirSync(this.#options.backupsDir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    copyFileSync(this.file, path.join(this.#options.backupsDir, `store-v${fromVersion}-${stamp}.json`));
  }
}

/**
 * Runs the writing part of a change. A file-system failure (a full disk, a read-only directory) becomes an
 * error that says the store is intact: nothing is renamed over it until every write before succeeded.
 */
function withIoErrors<R>(file: string, write: () => R): R {
  try {
    return write();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (error instanceof OrchestratorError || typeof code !== 'string') throw error;
    const path = (error as NodeJS.ErrnoException).path;
    throw new OrchestratorError(`Could not write ${path ?? file}: ${(error as Error).message}`, {
      code: 'IO',
      hint: `${file} is intact. Free disk space or make the data directory writable, then retry.`,
      cause: error,
      details: { errno: code },
    });
  }
}

function asRecord(document: object): Record<string, unknown> {
  return document as Record<string, unknown>;
}

function shallowDraft<T extends object>(document: T): T {
  const draft = { ...document } as Record<string, unknown>;
  for (const [key, value] of Object.entries(draft)) {
    if (Array.isArray(value)) draft[key] = [...value];
    else if (isRecord(value)) draft[key] = { ...value };
  }
  return draft as unknown as T;
}

/** inode, size and nanosecond timestamps: every atomic rename changes at least the inode or ctime. */
function signatureOf(file: string): string | undefined {
  let stats: BigIntStats;
  try {
    stats = statSync(file, { bigint: true });
  } catch {
    return undefined;
  }
  return `${stats.ino}:${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}`;
}

/** Validation of a change: a failure refuses the change and leaves the store as it was. */
function validateChange<T>(validate: () => T): T {
  try {
    return validate();
  } catch (error) {
    if (error instanceof z.ZodError) {
      throw new OrchestratorError(`The change was refused: ${z.prettifyError(error)}`, { code: 'INVALID_INPUT', cause: error });
    }
    throw error;
  }
}
