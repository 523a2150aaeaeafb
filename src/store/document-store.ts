import { copyFileSync, mkdirSync, statSync, type BigIntStats } from 'node:fs';
import path from 'node:path';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { TextFileSync } from 'lowdb/node';
import { z } from 'zod';
import { OrchestratorError } from '../errors.js';
import { appendEvents, readEvents, type LoggedEvent } from './event-log.js';
import { decodeDocument, encodeDocument, isRecord, validateChanged, validateDocument, type CodecSchemas } from './codec.js';
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

interface Snapshot<T> {
  document: T;
  /** Identity of the file the document was read from; undefined when the file does not exist. */
  signature: string | undefined;
  /** The file held an older schema version (migrated in memory only). */
  migratedFrom?: number;
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

  /**
   * Applies `change` under the inter-process lock to the latest document and commits the result. `change`
   * runs synchronously inside the lock; if it throws, nothing is written and the error is rethrown.
   */
  mutate<R>(change: ChangeFn<T, R>): Promise<R> {
    const run = this.#queue.then(() => this.#mutateLocked(change));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #mutateLocked<R>(change: ChangeFn<T, R>): Promise<R> {
    mkdirSync(path.dirname(this.file), { recursive: true });
    const release = await acquireFileLock(this.file, this.#options.lock);
    let failed = false;
    try {
      const previous = await this.#snapshot();
      const events: EventInput[] = [];
      let changed = false;
      const now = (this.#options.clock ?? (() => new Date()))();
      const draft = shallowDraft(previous.document);
      const result = change(draft, {
        now,
        emit: (event) => void events.push(event),
        markChanged: () => void (changed = true),
      });
      if (events.length === 0 && !changed && previous.migratedFrom === undefined) return result;

      const revision = previous.document.revision + 1;
      const ts = now.toISOString();
      const next = { ...draft, revision } as T;
      validateChange(() => validateChanged(next as unknown as Record<string, unknown>, previous.document as unknown as Record<string, unknown>, this.#options.schemas));
      if (previous.migratedFrom !== undefined) this.#backupBeforeMigration(previous.migratedFrom);
      next.eventLogBytes = appendEvents(
        this.#options.eventsFile,
        previous.document.eventLogBytes,
        events.map((event) => ({ rev: revision, ts, ...event })),
      );
      await this.#write(next);
      this.#cache = { document: next, signature: signatureOf(this.file) };
      return result;
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      // After a failed change the cached document may hold a half-applied draft's entries: read it again.
      if (failed) this.#cache = undefined;
      await release();
    }
  }

  async #snapshot(): Promise<Snapshot<T>> {
    const signature = signatureOf(this.file);
    if (this.#cache && signature !== undefined && this.#cache.signature === signature) return this.#cache;
    const text = signature === undefined ? null : this.#text.read();
    if (text === null) {
      this.#cache = { document: this.#options.create(), signature: undefined };
      return this.#cache;
    }
    const decoded = this.#decode(text, this.#cache?.document);
    // The file may have been replaced between the stat and the read: only cache what provably matches.
    this.#cache = { ...decoded, signature: signatureOf(this.file) === signature ? signature : 'unknown' };
    return this.#cache;
  }

  #decode(text: string, previous: T | undefined): Omit<Snapshot<T>, 'signature'> {
    const { schemas, schemaVersion } = this.#options;
    // The fast path reads the store's own layout and reuses unchanged entries; it only applies to the current
    // schema version (older documents are migrated from a plain parse).
    if (new RegExp(`^\\{\\n  "schemaVersion": ${schemaVersion},?\\n`).test(text)) {
      const fast = validateStored(this.file, () => decodeDocument(text, schemas, previous as Record<string, unknown> | undefined));
      if (fast) return { document: validateStored(this.file, () => ({ ...fast, ...schemas.header.parse(pickHeader(fast, schemas)) }) as unknown as T) };
    }
    const raw = parseJson(this.file, text);
    if (!isRecord(raw) || typeof raw.schemaVersion !== 'number') {
      throw invalidStore(this.file, 'it has no numeric "schemaVersion" field');
    }
    const fromVersion = raw.schemaVersion;
    if (fromVersion > this.#options.schemaVersion) {
      throw new OrchestratorError(
        `${this.file} has schema version ${fromVersion}, newer than this orchestrator understands (${this.#options.schemaVersion}).`,
        { code: 'STORE_VERSION', hint: 'Upgrade orchestrator (npm i -g orchestrator@latest); the file was left as it is.' },
      );
    }
    let migrated: Record<string, unknown> = raw;
    for (let version = fromVersion; version < this.#options.schemaVersion; version++) {
      const step = this.#options.migrations?.[version];
      if (!step) throw invalidStore(this.file, `no migration from schema version ${version}`);
      migrated = { ...step(migrated), schemaVersion: version + 1 };
    }
    const document = validateStored(this.file, () => validateDocument(migrated, schemas) as unknown as T);
    return fromVersion < this.#options.schemaVersion ? { document, migratedFrom: fromVersion } : { document };
  }

  async #write(document: T): Promise<void> {
    try {
      this.#text.write(encodeDocument(document as unknown as Record<string, unknown>, this.#options.schemas));
    } catch (error) {
      throw new OrchestratorError(`Could not write ${this.file}: ${(error as Error).message}`, {
        code: 'IO',
        hint: 'The previous store is intact. Free disk space or make the data directory writable, then retry.',
        cause: error,
      });
    }
  }

  #backupBeforeMigration(fromVersion: number): void {
    mkdirSync(this.#options.backupsDir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    copyFileSync(this.file, path.join(this.#options.backupsDir, `store-v${fromVersion}-${stamp}.json`));
  }
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

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const { line, column, problem } = locateJsonError(text);
    throw new OrchestratorError(
      `${file} does not parse at line ${line}, column ${column}: ${problem ?? (error as Error).message}. It was not changed.`,
      { code: 'STORE_CORRUPT', hint: restoreHint(file), cause: error, details: { file, line, column } },
    );
  }
}

/** JSON.parse does not always say where it gave up; jsonc-parser in strict mode does. */
function locateJsonError(text: string): { line: number; column: number; problem?: string } {
  const errors: ParseError[] = [];
  parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const offset = errors[0]?.offset ?? text.length;
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n'), ...(errors[0] && { problem: printParseErrorCode(errors[0].error) }) };
}

/** Validation of what was read from disk: a failure means the file is not a valid store. */
function validateStored<T>(file: string, validate: () => T): T {
  try {
    return validate();
  } catch (error) {
    if (error instanceof z.ZodError) throw invalidStore(file, z.prettifyError(error));
    throw error;
  }
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

function invalidStore(file: string, problem: string): OrchestratorError {
  return new OrchestratorError(`${file} is not a valid store: ${problem}. It was not changed.`, {
    code: 'STORE_INVALID',
    hint: restoreHint(file),
    details: { file },
  });
}

function restoreHint(file: string): string {
  const dir = path.dirname(file);
  return (
    `Restore a snapshot with \`orchestrator db restore <file>\` (snapshots are in ${path.join(dir, 'backups')}), ` +
    `or fix the file by hand. Nothing will write to ${path.basename(file)} until it is valid.`
  );
}

function pickHeader(document: Record<string, unknown>, schemas: CodecSchemas): Record<string, unknown> {
  const header: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(document)) if (!(key in schemas.collections)) header[key] = value;
  return header;
}
