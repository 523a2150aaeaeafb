import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import { z } from 'zod';
import { isOrchestratorError, OrchestratorError } from '../../errors.js';
import { newArtifactId, type StoredArtifact } from '../artifacts.js';
import {
  addKey,
  freezeEntry,
  headerOf,
  jsonOf,
  keysOf,
  validateChanges,
  validateDocument,
  validateEntry,
  withDataCollections,
  type CodecSchemas,
} from '../codec.js';
import { decodeRecord, validated as validatedRead } from '../decode.js';
import type { ChangeFn, ChangeOptions, DocumentHeader, EventInput, StoreInspection, Transaction } from '../document-store.js';
import { Draft, emptyRecord, STORE_FIELDS, type DocumentObserver } from '../draft.js';
import { parseSnapshot, writeSnapshotFile } from '../snapshot.js';
import type { LoggedEvent } from '../event-log.js';
import { ChangeFeed, changeStream, type FeedSource, type StoreChange } from '../feed.js';
import { throwIfAborted, type LockSettings } from '../lock.js';
import type { Store, StoreContents } from '../types.js';
import { connectionError, createClient, createPool, isConnectionLost } from './connect.js';
import { BACKED_UP_TABLES, sql, TABLE_STEPS, TABLES_VERSION } from './sql.js';
import type { PgLocation } from './url.js';

/** What doctor reports about the database behind a PostgreSQL store. */
export interface PgDescription {
  location: string;
  host: string;
  port: number;
  database: string;
  schema: string;
  user: string;
  serverVersion: string;
  tablesVersion: number;
  supportedTablesVersion: number;
  roundTripMs: number;
  /** Connections of orchestrator processes (other than this one), with any transaction they keep open. */
  sessions: Array<{ pid: number; application: string; client: string | null; state: string | null; transactionMs: number | null; blockedBy: number }>;
}

export interface PgStoreOptions<T> {
  location: PgLocation;
  schemaVersion: number;
  schemas: CodecSchemas;
  create: () => T;
  migrations?: Record<number, (document: Record<string, unknown>) => Record<string, unknown>>;
  /** Wait for the disk before a backup file (or the copy a restore keeps) counts as written (default true; see durable.ts). */
  durable?: boolean;
  /** waitMs: how long a change waits for rows another process holds before it gives up. */
  lock: LockSettings;
  clock?: () => Date;
}

interface Loaded<T> {
  /** Live, as in the file store: kept up to date in place, by this process's commits and by what others commit. */
  document: T;
  /**
   * The revision that wrote each entry (`collection\0key`), or removed it: what a change checks, when it commits,
   * has not moved, and what keeps an older commit from being put over a newer one.
   */
  revs: Map<string, number>;
  migratedFrom?: number;
}

/** A change's effect, taken out of the live document until it is committed. */
interface Pending {
  changes: Map<string, Map<string, unknown>>;
  /**
   * The header the change leaves, when it wrote a field of it; otherwise the header is not written at all: the
   * copy this process holds may be older than the database's by the time the change commits.
   */
  header: Record<string, unknown> | undefined;
  reads: { entries: ReadonlyMap<string, ReadonlySet<string>>; scanned: ReadonlySet<string>; header: boolean };
  events: EventInput[];
  archived: object[];
  /**
   * The ids of the events `tx.archiveEvents` moves: the oldest of those the change read. Moved by id, and only all
   * of them, so that a change never moves events it did not read (another process may have moved some meanwhile).
   */
  eventsMoved: string[];
  /** markChanged(): commit even without an entry, event or header change. */
  marked: boolean;
  /** Every entry read or written, in the one order rows are locked in. */
  keys: Array<[string, string]>;
  /**
   * What the change saw, taken while it ran: the revision that wrote each of `keys` (undefined: the entry was not
   * there), the document's revision and header. The commit checks the database against these, never against the
   * live document, which reads and the change feed may bring forward while the commit is on its way.
   */
  seen: { revs: ReadonlyMap<string, number | undefined>; revision: number; header: string };
}

type Outcome = { kind: 'committed'; revision: number } | { kind: 'conflict' } | { kind: 'busy'; keys: string[] };

/** How old a document may be that `read` gives while the database cannot be reached. */
const STALE_READ_MS = 10_000;
/**
 * A change ran into something it must wait for or redo: how often, at most, before it gives up. Mostly it is time
 * that ends the trying (as long as the file store waits for its lock); this bounds the loop when commits are fast.
 */
const MAX_ATTEMPTS = 1_000;
/** How long a process remembers that its claims collided with other processes' (see `Transaction.contention`). */
const CROWDING_MEMORY_MS = 2_000;
const MAX_CROWDING = 5;
/** Clean commits in a row that lower the crowding level one step. */
const CALM_COMMITS = 4;

/**
 * How crowded this process's claims found the store lately: raised by every collision with another process (a
 * conflict, a row being written), lowered a step after a few clean commits in a row, forgotten after a quiet while.
 * Changes start at this level, so claimers that keep meeting spread over the queue before they collide again.
 */
class Crowding {
  #level = 0;
  #at = 0;
  #calm = 0;

  get level(): number {
    return Date.now() - this.#at < CROWDING_MEMORY_MS ? this.#level : 0;
  }

  /** A change that asked for the level committed, after `collisions` collisions, having started at `start`. */
  settle(start: number, collisions: number): void {
    this.#at = Date.now();
    if (collisions > 0) {
      this.#level = Math.min(MAX_CROWDING, start + collisions);
      this.#calm = 0;
    } else if (++this.#calm >= CALM_COMMITS) {
      this.#level = Math.max(0, start - 1);
      this.#calm = 0;
    } else {
      this.#level = start;
    }
  }
}

type Statement = { [K in keyof typeof sql]: (typeof sql)[K] extends string ? K : never }[keyof typeof sql];

/**
 * A statement every change runs, prepared once per connection: the server parses and plans it once instead of on
 * every change, which is most of its work for the small changes agents make.
 */
function prepared(name: Statement): pg.QueryConfig {
  return { name: `orchestrator_${name}`, text: sql[name] };
}

/** The events a change read (`tx.readEvents()`), with their ids. */
interface Events {
  events: LoggedEvent[];
  ids: string[];
}

/** Thrown from `tx.readEvents()` when the events are not loaded yet: the store loads them and runs the change again. */
class NeedsEvents extends Error {}

/**
 * The store in PostgreSQL, for agents on several machines. The same document, the same promises, the same
 * interface as the file store (`Store`); what differs is where mutual exclusion comes from:
 *
 * - A change runs on this process's live copy of the document, recording what it read and wrote. Its effect is
 *   then taken back out of the copy (so nothing in this process ever sees it uncommitted) and committed in one
 *   transaction that locks the rows it read and wrote, in one global order, and checks that none moved since
 *   the copy was read. If one did, the change is run again on the fresh rows. Changes that touch different
 *   tasks commit side by side; only the revision counter (one row, held from the last statement to COMMIT)
 *   orders them, which is what lets every reader follow the commits in order.
 * - A claim that finds its task's row locked by another claimer right now (SKIP LOCKED) is run again with that
 *   task passed over, as job queues do, so claimers spread over the ready tasks instead of queueing on one.
 * - Locks are the database's: a process that dies loses its connection and its locks with it; one frozen in the
 *   middle of a transaction has it aborted by the server (idle_in_transaction_session_timeout).
 * - Every commit writes a token; when the connection is lost while COMMIT was on its way, the token says whether
 *   the change was applied, so a change is never applied twice nor reported lost when it was not.
 * - Other processes learn of commits through LISTEN/NOTIFY and read what changed since the revision they had.
 */
export class PgDocumentStore<T extends DocumentHeader> implements Store<T> {
  readonly backend = 'postgres' as const;
  readonly exclusiveChanges = false;
  /** For messages: the URL without its password. */
  readonly location: string;
  readonly #options: PgStoreOptions<T>;
  readonly #collections: ReadonlySet<string>;
  readonly #observers = new Set<DocumentObserver<T>>();
  readonly #feed: ChangeFeed;
  #pool: pg.Pool | undefined;
  #tables: Promise<void> | undefined;
  #state: Loaded<T> | undefined;
  #refreshing: Promise<void> | undefined;
  /** When the live document was last brought up to date from the database. */
  #freshAt = 0;
  #queue: Promise<unknown> = Promise.resolve();
  readonly #crowding = new Crowding();
  #closed = false;

  constructor(options: PgStoreOptions<T>) {
    this.#options = options;
    this.location = options.location.display;
    this.#collections = new Set(Object.keys(options.schemas.collections));
    this.#feed = new ChangeFeed(this.#listenSource(), () => this.#refresh());
  }

  get #durable(): boolean {
    return this.#options.durable ?? true;
  }

  /** The URL as given, password and all: for opening the same store elsewhere (`db migrate`), never for printing. */
  get url(): string {
    const url = new URL(this.#options.location.connectionString);
    if (this.#options.location.schema !== 'public') url.searchParams.set('schema', this.#options.location.schema);
    return url.toString();
  }

  // ---- reading ----------------------------------------------------------------------------------------------

  /**
   * The current document. While the database cannot be reached, a document this process brought up to date
   * moments ago is given instead of an error: an answer about a change that committed just before the connection
   * dropped (the specialist context of a claim, the progress after a completion) must not turn into a failure
   * that makes the agent believe the change did not happen.
   */
  async read(): Promise<T> {
    try {
      await this.#refresh();
    } catch (error) {
      const recent = this.#state !== undefined && Date.now() - this.#freshAt < STALE_READ_MS;
      if (!(recent && isOrchestratorError(error) && error.code === 'IO')) throw error;
    }
    return this.#state!.document;
  }

  async readEvents(): Promise<LoggedEvent[]> {
    return (await this.#eventRows()).events;
  }

  /** The events up to the document's revision, and each one's id. */
  async #eventRows(): Promise<Events> {
    const document = await this.read();
    const { rows } = await this.#query(sql.events, [document.revision]);
    return {
      events: rows.map((row) => ({ rev: Number(row.rev), ...(row.event as object) }) as LoggedEvent),
      ids: rows.map((row) => String(row.id)),
    };
  }

  observe(observer: DocumentObserver<T>): () => void {
    this.#observers.add(observer);
    if (this.#state) observer.reset(this.#state.document);
    return () => this.#observers.delete(observer);
  }

  watch(options: { since?: number | undefined; signal?: AbortSignal | undefined } = {}): AsyncIterableIterator<StoreChange> {
    // Subscribed at once; what came after `since` is looked up and handed out first (every entry row keeps the
    // revision that last wrote it, so the keys changed since a revision are a query away).
    const since = options.since;
    const earlier = since === undefined ? undefined : this.#changesSince(since);
    const stream = changeStream(this.#feed, undefined, options.signal, earlier);
    this.#feed.poke();
    return stream;
  }

  async #changesSince(since: number): Promise<StoreChange> {
    try {
      await this.#refresh();
      const { rows } = await this.#query(prepared('changesSince'), [since]);
      const changed = new Map<string, Set<string>>();
      let revision = since;
      for (const row of rows) {
        if (row.kind === 'meta') revision = Number(row.rev);
        else addKey(changed, String(row.collection), String(row.key));
      }
      return { revision, changed: keysOf(changed), reset: false };
    } catch {
      return { revision: since, changed: {}, reset: true };
    }
  }

  async inspect(): Promise<StoreInspection<T>> {
    const base = { file: this.location, supportedVersion: this.#options.schemaVersion, journalBytes: 0 };
    try {
      const exists = await this.#tablesExist();
      if (!exists) return { ...base, exists: false, bytes: 0 };
      await this.#refresh();
      const state = this.#state!;
      const { storeBytes } = await this.footprint();
      return { ...base, exists: true, bytes: storeBytes, fileVersion: state.migratedFrom ?? state.document.schemaVersion, document: state.document };
    } catch (error) {
      if (!isOrchestratorError(error)) throw error;
      const version = error.details?.schemaVersion;
      return { ...base, exists: true, bytes: 0, error, ...(typeof version === 'number' && { fileVersion: version }) };
    }
  }

  async readArchive(): Promise<{ records: unknown[]; skipped: number }> {
    await this.#ready();
    const { rows } = await this.#query(sql.archive, []);
    return { records: rows.map((row) => row.record as unknown), skipped: 0 };
  }

  eventArchiveName(now: Date): string {
    return `table orchestrator_event_archive (${now.toISOString().slice(0, 10)})`;
  }

  readonly artifacts = {
    write: async (owner: string, content: string, now: Date): Promise<StoredArtifact> => {
      await this.#ready();
      const id = newArtifactId(now);
      await this.#query(sql.writeArtifact, [owner, id, content, now.toISOString()]);
      return { id, path: `artifacts/${owner}/${id}.md`, bytes: Buffer.byteLength(content, 'utf8'), createdAt: now.toISOString() };
    },
    read: async (owner: string, id: string): Promise<string> => {
      await this.#ready();
      const { rows } = await this.#query(sql.readArtifact, [owner, id]);
      if (rows.length === 0) {
        throw new OrchestratorError(`The artifact ${id} of task ${owner} is missing from the database.`, {
          code: 'NOT_FOUND',
          hint: 'The task still lists it; run orchestrator doctor to check the store.',
        });
      }
      return String(rows[0]!.content);
    },
    remove: async (owner: string, id?: string): Promise<void> => {
      await this.#ready();
      await (id === undefined ? this.#query(sql.removeArtifacts, [owner]) : this.#query(sql.removeArtifact, [owner, id]));
    },
  };

  async footprint(): Promise<{ storeBytes: number; eventsBytes: number; archiveBytes: number }> {
    await this.#ready();
    const { rows } = await this.#query(sql.footprint, []);
    const row = rows[0]!;
    return { storeBytes: Number(row.store_bytes), eventsBytes: Number(row.events_bytes), archiveBytes: Number(row.archive_bytes) };
  }

  exportContents(): Promise<StoreContents<T>> {
    return this.#serially(async () => {
      await this.#ready();
      // One snapshot for the document and everything beside it.
      return this.#transaction('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', async (client) => {
        const { document } = await this.#assemble(client);
        const events = (await client.query(sql.allEvents)).rows.map((row) => ({ rev: Number(row.rev), ...(row.event as object) }) as LoggedEvent);
        const archive = (await client.query(sql.archive)).rows.map((row) => row.record as unknown);
        const eventArchive = (await client.query(sql.allEventArchive)).rows.map((row) => ({
          on: dateOnly(row.archived_on),
          event: { rev: Number(row.rev), ...(row.event as object) } as LoggedEvent,
        }));
        const artifacts = (await client.query(sql.allArtifacts)).rows.map((row) => ({
          owner: String(row.owner),
          id: String(row.id),
          content: String(row.content),
          createdAt: new Date(row.created_at as string).toISOString(),
        }));
        return { document, events, archive, eventArchive, artifacts };
      });
    });
  }

  importContents(contents: StoreContents<T>): Promise<void> {
    return this.#serially(async () => {
      await this.#ready();
      const document = validated(
        this.location,
        () =>
          validateDocument({ ...(contents.document as Record<string, unknown>), eventLogBytes: undefined }, this.#options.schemas) as unknown as T,
      );
      await this.#transaction('BEGIN', async (client) => {
        await client.query(sql.lockMeta);
        if ((await client.query(sql.isEmpty)).rows[0]!.empty !== true) {
          throw new OrchestratorError(`${this.location} already holds a store; a copy goes into an empty one.`, {
            code: 'CONFLICT',
            hint: 'Use an empty database, or another schema (?schema=name in the URL).',
          });
        }
        const columns = this.#entryColumns(document);
        await client.query(sql.insertEntries, [...columns, document.revision]);
        await client.query(sql.setMeta, [document.revision, JSON.stringify(strip(headerOf(document as Record<string, unknown>, this.#collections)))]);
        const events = contents.events.map(({ rev, ...event }) => [rev, JSON.stringify(event)] as const);
        await client.query(sql.importEvents, [events.map((event) => event[0]), events.map((event) => event[1])]);
        await client.query(sql.importArchive, [contents.archive.map((record) => JSON.stringify(record))]);
        const moved = contents.eventArchive.map(({ on, event: { rev, ...event } }) => [on, rev, JSON.stringify(event)] as const);
        await client.query(sql.importEventArchive, [moved.map((row) => row[0]), moved.map((row) => row[1]), moved.map((row) => row[2])]);
        const artifacts = contents.artifacts;
        await client.query(sql.importArtifacts, [
          artifacts.map((artifact) => artifact.owner),
          artifacts.map((artifact) => artifact.id),
          artifacts.map((artifact) => artifact.content),
          artifacts.map((artifact) => artifact.createdAt),
        ]);
        await client.query(sql.notify, [String(document.revision)]);
      });
      await this.#reload();
      this.#feed.publish({ revision: document.revision, changed: {}, reset: true });
    });
  }

  /** What doctor shows of the database: the server, the tables, a round trip, the orchestrator sessions. */
  async describe(): Promise<PgDescription> {
    const started = performance.now();
    const server = (await this.#query(sql.describeServer, [])).rows[0]!;
    const roundTripMs = performance.now() - started;
    await this.#ready();
    const tablesVersion = Number((await this.#query(sql.tablesVersion, [])).rows[0]?.tables_version ?? 0);
    const sessions = (await this.#query(sql.sessions, [])).rows.map((row) => ({
      pid: Number(row.pid),
      application: String(row.application_name),
      client: row.client === null ? null : String(row.client),
      state: row.state === null ? null : String(row.state),
      transactionMs: row.transaction_ms === null ? null : Number(row.transaction_ms),
      blockedBy: Number(row.blocked_by),
    }));
    return {
      location: this.location,
      host: this.#options.location.host,
      port: this.#options.location.port,
      database: String(server.database),
      schema: this.#options.location.schema,
      user: String(server.user),
      serverVersion: String(server.version),
      tablesVersion,
      supportedTablesVersion: TABLES_VERSION,
      roundTripMs,
      sessions,
    };
  }

  // ---- changing ---------------------------------------------------------------------------------------------

  mutate<R>(change: ChangeFn<T, R>, options: ChangeOptions = {}): Promise<R> {
    return this.#serially(() => this.#mutate(change, options));
  }

  async #mutate<R>(change: ChangeFn<T, R>, options: ChangeOptions): Promise<R> {
    const busy = new Map<string, Set<string>>();
    let wait = false;
    // Claimers that collided lately start spread out (see Transaction.contention).
    const crowding = { inherited: this.#crowding.level, collisions: 0, consulted: false };
    let events: Events | undefined;
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      throwIfAborted(options.signal, 'before the change was committed');
      await this.#refresh();
      if (this.#state!.migratedFrom !== undefined) {
        // A document of an older schema version is written whole once, migrated, before anything else changes, and
        // only over the revision it was read at: another process may be migrating it (or changing it) right now,
        // and what it commits meanwhile must not be written over. Then it is read again, and looked at again.
        const { document, migratedFrom } = this.#state!;
        if (!(await this.#replace(document, { op: 'migrate', from: migratedFrom }, document.revision))) {
          await this.#reload();
          if (attempt + 1 >= MAX_ATTEMPTS) throw gaveUp(attempt);
          continue;
        }
      }
      const state = this.#state!;
      let result: R;
      let pending: Pending;
      const draft = new Draft(state.document, this.#collections, this.#observers, { track: true });
      try {
        const run = this.#run(change, draft, busy, crowding, events);
        result = run.result;
        pending = run.pending;
      } catch (error) {
        draft.undo();
        if (error instanceof NeedsEvents) {
          events = await this.#eventRows();
          continue;
        }
        throw error;
      }
      const nothing = pending.changes.size === 0 && pending.events.length === 0 && pending.archived.length === 0 && pending.eventsMoved.length === 0;
      if (nothing && !pending.marked && !draft.headerTouched) {
        draft.undo();
        return result;
      }
      // Out of the live document until committed: nothing in this process sees a change that may not happen.
      draft.undo();
      pending.seen.revs = this.#seenRevs(state, pending.keys);
      const waitedTooLong = Date.now() - started > this.#options.lock.waitMs;
      const outcome = await this.#commit(pending, { wait, options });
      wait = false;
      if (outcome.kind === 'committed') {
        this.#applyCommitted(state, pending, outcome.revision);
        if (crowding.consulted) this.#crowding.settle(crowding.inherited, crowding.collisions);
        return result;
      }
      crowding.collisions++;
      // The events it read may have moved too: a change that reads them reads them again.
      events = undefined;
      if (outcome.kind === 'busy') {
        for (const key of outcome.keys) {
          const [collection, entry] = splitKey(key);
          let keys = busy.get(collection);
          if (!keys) busy.set(collection, (keys = new Set()));
          // Passed over once; a change that writes it again anyway (it cannot do without it) waits for it next.
          if (keys.has(entry)) wait = true;
          keys.add(entry);
        }
      }
      if (attempt + 1 >= MAX_ATTEMPTS || waitedTooLong) throw gaveUp(attempt);
      await sleep(Math.min(50, 2 ** attempt) * Math.random());
    }
  }

  /** Runs the change on the draft and collects what it did. */
  #run<R>(
    change: ChangeFn<T, R>,
    draft: Draft<T>,
    busy: Map<string, Set<string>>,
    crowding: { inherited: number; collisions: number; consulted: boolean },
    events: Events | undefined,
  ): { result: R; pending: Pending } {
    const document = this.#state!.document;
    const emitted: EventInput[] = [];
    const archived: object[] = [];
    let marked = false;
    let eventsMoved: string[] = [];
    const now = this.#now();
    const tx: Transaction = {
      now,
      emit: (event) => void emitted.push(event),
      markChanged: () => void (marked = true),
      readEvents: () => {
        if (!events) throw new NeedsEvents();
        return events.events;
      },
      archiveEvents: (count) => {
        eventsMoved = events?.ids.slice(0, Math.max(0, Math.floor(count))) ?? [];
      },
      archive: (records) => void archived.push(...records),
      busy: (collection) => busy.get(collection) ?? EMPTY,
      get contention() {
        crowding.consulted = true;
        return crowding.inherited + crowding.collisions;
      },
    };
    const seenRevision = document.revision;
    const seenHeader = JSON.stringify(strip(headerOf(document as Record<string, unknown>, this.#collections)));
    const result = change(draft.view, tx);
    const changes = draft.changes();
    validateChanges(changes, this.#options.schemas);
    const header = draft.headerTouched ? headerOf(document as Record<string, unknown>, this.#collections) : undefined;
    const reads = draft.reads();
    const keys = sortedKeys(
      [...changes].map(([collection, entries]) => [collection, [...entries.keys()]] as const),
      reads.entries,
    );
    return {
      result,
      pending: {
        changes,
        header,
        reads,
        events: emitted,
        archived,
        eventsMoved,
        marked,
        keys,
        // The revisions of `keys` are taken once the change's own writes are undone (see #seenRevs).
        seen: { revs: new Map(), revision: seenRevision, header: seenHeader },
      },
    };
  }

  /**
   * The revision that wrote each of `keys` as the live document holds it, run after the change's writes are undone:
   * undefined for an entry the document does not hold, even when `revs` remembers when it was removed.
   */
  #seenRevs(state: Loaded<T>, keys: ReadonlyArray<[string, string]>): Map<string, number | undefined> {
    const document = state.document as Record<string, unknown>;
    const revs = new Map<string, number | undefined>();
    for (const [collection, key] of keys) {
      const joined = joinKey(collection, key);
      revs.set(joined, Object.hasOwn(document[collection] as object, key) ? state.revs.get(joined) : undefined);
    }
    return revs;
  }

  /**
   * Commits a change in one transaction. Fault each check is for:
   * - rows read or written moved since this process read them (another process committed first): `conflict`;
   * - a row to write is being written right now by another process (SKIP LOCKED skipped it): `busy`, so a claim
   *   can pass that task over instead of queueing for it;
   * - the connection dropped while COMMIT was on its way: the commit's token says whether it was applied.
   */
  async #commit(pending: Pending, mode: { wait: boolean; options: ChangeOptions }): Promise<Outcome> {
    const token = `${process.pid}-${randomBytes(8).toString('hex')}`;
    const lockKeys = pending.keys;
    const written = new Set([...pending.changes].flatMap(([collection, entries]) => [...entries.keys()].map((key) => joinKey(collection, key))));
    let client: pg.PoolClient | undefined;
    let committing = false;
    let broken = false;
    const startedAt = Date.now();
    const waiting = mode.options.onWait
      ? setInterval(() => mode.options.onWait!({ waitedMs: Date.now() - startedAt, holder: undefined }), 500)
      : undefined;
    try {
      client = await this.#connect();
      // One round trip opens the transaction and takes the advisory locks (collections walked whole exclude their
      // writers), in one order; the collection names are the store's own, never input.
      await client.query(sql.begin(this.#options.lock.waitMs, [...pending.reads.scanned], [...pending.changes.keys()]));
      // Then the rows, in (collection, key) order.
      const { rows } = await client.query(prepared(mode.wait ? 'lockRowsWaiting' : 'lockRowsSkipping'), [
        lockKeys.map((key) => key[0]),
        lockKeys.map((key) => key[1]),
      ]);
      const found = new Map<string, number>(rows.map((row) => [joinKey(String(row.collection), String(row.key)), Number(row.rev)]));
      const busy: string[] = [];
      for (const [collection, key] of lockKeys) {
        const joined = joinKey(collection, key);
        const known = pending.seen.revs.get(joined);
        const now = found.get(joined);
        if (known !== undefined && now === undefined && !mode.wait) {
          // Known to exist but not locked by us: another transaction holds it (or removed it meanwhile).
          if (written.has(joined)) busy.push(joined);
          else return await rollback(client, { kind: 'conflict' });
        } else if (known !== now) {
          return await rollback(client, { kind: 'conflict' });
        }
      }
      if (busy.length > 0) return await rollback(client, { kind: 'busy', keys: busy });
      for (const collection of pending.reads.scanned) {
        const { rows: newest } = await client.query(prepared('collectionRevision'), [collection]);
        if (Number(newest[0]!.rev) > pending.seen.revision) return await rollback(client, { kind: 'conflict' });
      }
      if (pending.reads.header) {
        // A change that read the header (a counter, say) conflicts with any other change of it.
        const { rows: meta } = await client.query(prepared('lockMeta'));
        const stored = JSON.stringify(strip(meta[0]!.header as Record<string, unknown>));
        if (stored !== pending.seen.header) {
          return await rollback(client, { kind: 'conflict' });
        }
      }
      const params = this.#commitParams(pending, token);
      const { rows: done } = await client.query(prepared('commit'), params);
      const result = done[0]!;
      const expected = params.updatedCount + params.removedCount;
      if (Number(result.updated) + Number(result.removed) !== expected || Number(result.moved) !== pending.eventsMoved.length) {
        return await rollback(client, { kind: 'conflict' });
      }
      committing = true;
      await client.query('COMMIT');
      return { kind: 'committed', revision: Number(result.revision) };
    } catch (error) {
      broken = isConnectionLost(error);
      if (client && !committing && !broken) await client.query('ROLLBACK').catch(() => undefined);
      const code = (error as { code?: string }).code;
      if (code === '23505' || code === '40001' || code === '40P01') return { kind: 'conflict' };
      if (code === '55P03') throw this.#lockedError(error);
      if (committing && isConnectionLost(error)) {
        // COMMIT was sent and the answer lost: the token says whether it landed.
        const revision = await this.#committedAs(token);
        if (revision !== null) return { kind: 'committed', revision };
        return { kind: 'conflict' };
      }
      if (isConnectionLost(error)) {
        // Nothing was committed (the server rolls back a transaction whose connection is gone): try again.
        await this.#reconnectPause();
        return { kind: 'conflict' };
      }
      throw this.#wrap(error);
    } finally {
      clearInterval(waiting);
      client?.release(broken ? true : undefined);
    }
  }

  #commitParams(pending: Pending, token: string) {
    const created: [string[], string[], string[]] = [[], [], []];
    const updated: [string[], string[], string[], number[]] = [[], [], [], []];
    const removed: [string[], string[], number[]] = [[], [], []];
    for (const [collection, entries] of pending.changes) {
      for (const [key, value] of entries) {
        const known = pending.seen.revs.get(joinKey(collection, key));
        if (value === undefined) {
          if (known === undefined) continue;
          removed[0].push(collection);
          removed[1].push(key);
          removed[2].push(known);
        } else if (known === undefined) {
          created[0].push(collection);
          created[1].push(key);
          created[2].push(jsonOf(value));
        } else {
          updated[0].push(collection);
          updated[1].push(key);
          updated[2].push(jsonOf(value));
          updated[3].push(known);
        }
      }
    }
    const ts = this.#now().toISOString();
    const events = pending.events.map((event) => JSON.stringify({ ts, ...event }));
    const values = [
      pending.header === undefined ? null : JSON.stringify(strip(pending.header)),
      ...created,
      ...updated,
      ...removed,
      events,
      pending.archived.map((record) => JSON.stringify(record)),
      pending.eventsMoved,
      token,
    ];
    return Object.assign(values, { updatedCount: updated[0].length, removedCount: removed[0].length });
  }

  /**
   * After COMMIT: the change goes into the live document and is told to observers and watchers, unless a follow
   * (a read, the change feed) got there first while the answer was on its way. A follow that reached this revision
   * applied this commit and what came after it, and told of them; doing it again would tell watchers of it twice
   * and of a revision older than one they already heard. Short of that, an entry a newer commit wrote stays.
   */
  #applyCommitted(state: Loaded<T>, pending: Pending, revision: number): void {
    state.migratedFrom = undefined;
    if (state.document.revision >= revision) return;
    const document = state.document as Record<string, unknown>;
    const changed = new Map<string, Set<string>>();
    for (const [collection, entries] of pending.changes) {
      const live = document[collection] as Record<string, unknown>;
      for (const [key, value] of entries) {
        const joined = joinKey(collection, key);
        if ((state.revs.get(joined) ?? 0) > revision) continue;
        const before = Object.hasOwn(live, key) ? live[key] : undefined;
        if (value === undefined) delete live[key];
        else live[key] = value;
        state.revs.set(joined, revision);
        for (const observer of this.#observers) observer.write(collection, key, before, value);
        addKey(changed, collection, key);
      }
    }
    if (pending.header) for (const [field, value] of Object.entries(pending.header)) if (!STORE_FIELDS.has(field)) document[field] = value;
    this.#feed.publish({ revision, changed: keysOf(changed), reset: false });
  }

  // ---- loading and following ----------------------------------------------------------------------------

  /** Brings the live document up to date: the whole of it the first time, then what changed since. */
  #refresh(): Promise<void> {
    // One refresh at a time: concurrent readers wait for the one in flight.
    this.#refreshing ??= (async () => {
      try {
        if (!this.#state) {
          this.#state = await this.#load();
          this.#freshAt = Date.now();
          for (const observer of this.#observers) observer.reset(this.#state.document);
          return;
        }
        await this.#follow(this.#state);
        this.#freshAt = Date.now();
      } finally {
        this.#refreshing = undefined;
      }
    })();
    return this.#refreshing;
  }

  async #load(): Promise<Loaded<T>> {
    await this.#ready();
    return this.#transaction('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', (client) => this.#assemble(client));
  }

  /** The whole document from the rows, checked and migrated as the file store reads its file. */
  async #assemble(client: pg.PoolClient): Promise<Loaded<T>> {
    const meta = (await client.query(sql.loadMeta)).rows[0]!;
    const { rows } = await client.query(sql.loadEntries);
    const raw: Record<string, unknown> = { ...(meta.header as object), revision: Number(meta.revision) };
    for (const collection of this.#collections) raw[collection] = emptyRecord();
    const revs = new Map<string, number>();
    for (const row of rows) {
      const collection = String(row.collection);
      if (!this.#collections.has(collection)) continue;
      (raw[collection] as Record<string, unknown>)[String(row.key)] = row.value;
      revs.set(joinKey(collection, String(row.key)), Number(row.rev));
    }
    const decoded =
      Number(meta.revision) === 0 && rows.length === 0
        ? { document: { ...this.#options.create(), revision: 0 } as T }
        : decodeRecord<T>(this.location, raw, this.#options, restoreHint(this.location));
    const document = withDataCollections(decoded.document, this.#collections);
    return { document, revs, ...(decoded.migratedFrom !== undefined && { migratedFrom: decoded.migratedFrom }) };
  }

  /** Applies what other processes committed after this document's revision, in commit order. */
  async #follow(state: Loaded<T>): Promise<void> {
    const since = state.document.revision;
    const { rows } = await this.#query(prepared('changesSince'), [since]);
    const document = state.document as Record<string, unknown>;
    const changed = new Map<string, Set<string>>();
    let revision = since;
    for (const row of rows) {
      if (row.kind === 'meta') {
        revision = Number(row.rev);
        const header = row.value as Record<string, unknown>;
        // Another process wrote the migrated document: what is followed now is that document.
        if (header.schemaVersion === this.#options.schemaVersion) state.migratedFrom = undefined;
        for (const [field, value] of Object.entries(header)) {
          // A document migrated in memory keeps its new version until the migration is written.
          if (STORE_FIELDS.has(field) || (field === 'schemaVersion' && state.migratedFrom !== undefined)) continue;
          document[field] = value;
        }
        continue;
      }
      const collection = String(row.collection);
      const key = String(row.key);
      const rev = Number(row.rev);
      const joined = joinKey(collection, key);
      if (!this.#collections.has(collection) || (state.revs.get(joined) ?? 0) >= rev) continue;
      const live = document[collection] as Record<string, unknown>;
      const before = Object.hasOwn(live, key) ? live[key] : undefined;
      let after: unknown;
      if (row.kind === 'set') {
        after = this.#checked(collection, key, row.value);
        live[key] = after;
        state.revs.set(joined, rev);
      } else {
        // Remembered even for an entry this document does not hold: a commit of this process that made it, whose
        // answer comes only after this, must not bring it back (see #applyCommitted).
        state.revs.set(joined, rev);
        if (before === undefined) continue;
        delete live[key];
      }
      for (const observer of this.#observers) observer.write(collection, key, before, after);
      addKey(changed, collection, key);
    }
    (document as unknown as DocumentHeader).revision = revision;
    if (changed.size > 0 || revision !== since) this.#feed.publish({ revision, changed: keysOf(changed), reset: false });
  }

  #checked(collection: string, key: string, value: unknown): unknown {
    const entry = validatedRead(this.location, restoreHint(this.location), undefined, () =>
      validateEntry(this.#options.schemas.collections[collection]!, collection, key, value),
    );
    freezeEntry(entry);
    return entry;
  }

  // ---- tables ---------------------------------------------------------------------------------------------

  /** Creates the tables on first use, and migrates older ones forward (after copying them). */
  #ready(): Promise<void> {
    this.#tables ??= this.#ensureTables().catch((error: unknown) => {
      this.#tables = undefined;
      throw error;
    });
    return this.#tables;
  }

  async #tablesExist(): Promise<boolean> {
    const { rows } = await this.#query(sql.metaExists, []);
    return rows[0]!.exists === true;
  }

  #ensureTables(): Promise<void> {
    return this.#transaction('BEGIN', async (client) => {
      await client.query(sql.schemaLock);
      const exists = (await client.query(sql.metaExists)).rows[0]!.exists === true;
      const version = exists ? Number((await client.query(sql.tablesVersion)).rows[0]?.tables_version ?? 0) : 0;
      if (version > TABLES_VERSION) {
        throw new OrchestratorError(
          `The orchestrator tables in ${this.location} are version ${version}, newer than this orchestrator knows (${TABLES_VERSION}).`,
          {
            code: 'STORE_VERSION',
            hint: 'Upgrade orchestrator (npm i -g orchestrator-mcp@latest); nothing was changed.',
            details: { schemaVersion: version },
          },
        );
      }
      if (version === TABLES_VERSION) {
        // Nothing to create or migrate: a role that may only read and write rows uses the store as it is.
        return;
      }
      // The schema named in the URL (public by default) is made on first use, like the tables in it. Asked first:
      // CREATE SCHEMA IF NOT EXISTS wants the right to create schemas even when the schema is there.
      if (!(await client.query(sql.schemaExists, [this.#options.location.schema])).rows[0]!.exists) {
        await client.query(`CREATE SCHEMA "${this.#options.location.schema}"`);
      }
      if (exists) {
        for (const table of BACKED_UP_TABLES) {
          await client.query(`CREATE TABLE IF NOT EXISTS orchestrator_backup_v${version}_${table.replace(/^orchestrator_/, '')} AS TABLE ${table}`);
        }
      }
      for (let step = version; step < TABLES_VERSION; step++) for (const statement of TABLE_STEPS[step]!) await client.query(statement);
      if (!exists) {
        const header = headerOf(this.#options.create() as Record<string, unknown>, this.#collections);
        await client.query(sql.insertMeta, [TABLES_VERSION, JSON.stringify(strip(header))]);
      } else if (version < TABLES_VERSION) {
        await client.query(sql.setTablesVersion, [TABLES_VERSION]);
      }
    });
  }

  /** Every entry of `document` as three parallel arrays (collection, key, JSON), for one multi-row insert. */
  #entryColumns(document: T): [string[], string[], string[]] {
    const columns: [string[], string[], string[]] = [[], [], []];
    for (const collection of this.#collections) {
      const entries = (document as Record<string, unknown>)[collection] as Record<string, unknown>;
      for (const key of Object.keys(entries)) {
        columns[0].push(collection);
        columns[1].push(key);
        columns[2].push(JSON.stringify(entries[key]));
      }
    }
    return columns;
  }

  // ---- maintenance ----------------------------------------------------------------------------------------

  backup(target: string): Promise<{ document: T; bytes: number }> {
    return this.#serially(async () => {
      await this.#refresh();
      const document = this.#state!.document;
      return { document, bytes: writeSnapshotFile(target, document, this.#options.schemas, { durable: this.#durable, exclusive: true }) };
    });
  }

  parseSnapshot(text: string, source: string): T {
    return parseSnapshot<T>(text, source, this.#options);
  }

  restore(
    text: string,
    options: { source: string; backupFile: string; event: EventInput; adjust?: (restored: T, current: T | undefined) => T },
  ): Promise<{ document: T; backupFile: string | undefined }> {
    return this.#serially(async () => {
      const restored = this.parseSnapshot(text, options.source);
      let current: T | undefined;
      try {
        await this.#refresh();
        current = this.#state!.document.revision > 0 ? this.#state!.document : undefined;
      } catch {
        current = undefined;
      }
      let backupFile: string | undefined;
      if (current) {
        writeSnapshotFile(options.backupFile, current, this.#options.schemas, { durable: this.#durable });
        backupFile = options.backupFile;
      }
      const document = (await this.#replace(options.adjust?.(restored, current) ?? restored, { ts: this.#now().toISOString(), ...options.event }))!;
      return { document, backupFile };
    });
  }

  /**
   * Replaces the whole document in one transaction, above every revision the history has seen. With `fence`, only
   * if the database is still at that revision (otherwise nothing is written, and undefined is returned).
   */
  async #replace(next: T, event: EventInput, fence?: number): Promise<T | undefined> {
    await this.#ready();
    // Locks in the order a change takes them (its collections, then rows, then the meta row), so that a change
    // holding rows and this wait one for the other, never each for the other (a deadlock one of them loses).
    const replaced = await this.#transaction(sql.begin(this.#options.lock.waitMs, [...this.#collections], []), async (client) => {
      await client.query(sql.lockAllEntries);
      const current = Number((await client.query(sql.lockMeta)).rows[0]!.revision);
      // Moved past the fence: nothing is written (the transaction only took locks).
      if (fence !== undefined && current !== fence) return false;
      const logged = Number((await client.query(sql.maxEventRevision)).rows[0]!.rev);
      const revision = Math.max(next.revision, current, logged) + 1;
      const document = validated(
        this.location,
        () => validateDocument({ ...(next as Record<string, unknown>), revision }, this.#options.schemas) as unknown as T,
      );
      const columns = this.#entryColumns(document);
      // What the new document lacks is removed as a change removes it, so that processes following the store
      // (from any revision) drop it too.
      await client.query(sql.tombstoneMissing, [columns[0], columns[1], revision]);
      await client.query(sql.clearEntries);
      await client.query(sql.insertEntries, [...columns, revision]);
      await client.query(sql.setMeta, [revision, JSON.stringify(strip(headerOf(document as Record<string, unknown>, this.#collections)))]);
      await client.query(sql.insertEvent, [revision, JSON.stringify(event)]);
      await client.query(sql.notify, [String(revision)]);
      return true;
    });
    if (!replaced) return undefined;
    await this.#reload();
    this.#feed.publish({ revision: this.#state!.document.revision, changed: {}, reset: true });
    return this.#state!.document;
  }

  /**
   * Loads the whole document again, after this process replaced it. A refresh already on its way follows the old
   * document (and may load one from before the replacement): the document is loaded after it.
   */
  async #reload(): Promise<void> {
    await this.#refreshing?.catch(() => undefined);
    this.#state = undefined;
    while (!this.#state) await this.#refresh();
  }

  /** Nothing to fold: the database keeps its own files. Old commit tokens go. */
  async fold(): Promise<void> {
    await this.#ready();
    await this.#query(sql.pruneCommits, []);
  }

  settle(): Promise<void> {
    return this.#queue.then(() => undefined);
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.settle();
    this.#stopListening?.();
    await this.#pool?.end().catch(() => undefined);
    this.#pool = undefined;
  }

  // ---- connections ----------------------------------------------------------------------------------------

  #stopListening: (() => void) | undefined;

  /** LISTEN on a connection of its own while anyone watches; reconnects after a loss and looks again then. */
  #listenSource(): FeedSource {
    return {
      start: (signal) => {
        let client: pg.Client | undefined;
        let stopped = false;
        let timer: NodeJS.Timeout | undefined;
        const connect = async () => {
          if (stopped) return;
          const next = createClient(this.#options.location);
          next.on('end', () => {
            if (stopped) return;
            timer = setTimeout(() => void connect(), 1_000);
            timer.unref();
          });
          try {
            await next.connect();
            await next.query(sql.listen);
            next.on('notification', () => signal());
            client = next;
            // What was committed while nobody listened.
            signal();
          } catch {
            await next.end().catch(() => undefined);
            if (!stopped) {
              timer = setTimeout(() => void connect(), 1_000);
              timer.unref();
            }
          }
        };
        void connect();
        const stop = () => {
          stopped = true;
          clearTimeout(timer);
          void client?.end().catch(() => undefined);
        };
        this.#stopListening = stop;
        return stop;
      },
    };
  }

  async #connect(): Promise<pg.PoolClient> {
    if (this.#closed) throw new OrchestratorError(`The store ${this.location} was closed.`, { code: 'IO' });
    this.#pool ??= createPool(this.#options.location);
    let client: pg.PoolClient;
    try {
      client = await this.#pool.connect();
    } catch (error) {
      throw connectionError(this.#options.location, error);
    }
    return client;
  }

  /**
   * Runs `fn` in one transaction, opened by `begin`, on a pooled connection: committed when `fn` returns, rolled back
   * when it throws. Rows that stayed locked past the lock timeout are a LOCKED error.
   */
  async #transaction<R>(begin: string, fn: (client: pg.PoolClient) => Promise<R>): Promise<R> {
    const client = await this.#connect();
    let result: R;
    try {
      await client.query(begin);
      result = await fn(client);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      release(client, error);
      if ((error as { code?: string }).code === '55P03') throw this.#lockedError(error);
      throw this.#wrap(error);
    }
    client.release();
    return result;
  }

  /**
   * One statement outside a change. A pooled connection the server closed meanwhile (a restart, a timeout, a proxy)
   * gets one more try on a new one: every statement sent this way is a read, or idempotent.
   */
  async #query(text: string | pg.QueryConfig, values: unknown[]): Promise<pg.QueryResult> {
    for (let attempt = 0; ; attempt++) {
      const client = await this.#connect();
      try {
        const result = await client.query(text, values);
        client.release();
        return result;
      } catch (error) {
        release(client, error);
        if (attempt === 0 && isConnectionLost(error)) continue;
        throw this.#wrap(error);
      }
    }
  }

  /** Whether the commit named `token` landed: asked on a new connection, for a while if the server is restarting. */
  async #committedAs(token: string): Promise<number | null> {
    const until = Date.now() + Math.max(10_000, this.#options.lock.waitMs);
    for (;;) {
      try {
        const { rows } = await this.#query(sql.committed, [token]);
        return rows.length > 0 ? Number(rows[0]!.rev) : null;
      } catch (error) {
        if (Date.now() > until) {
          throw new OrchestratorError(
            `Lost the connection to ${this.location} while committing, and could not learn whether the change was applied.`,
            {
              code: 'IO',
              hint: 'Look at the task (orchestrator tasks show) before retrying.',
              cause: error,
            },
          );
        }
        await sleep(250);
      }
    }
  }

  async #reconnectPause(): Promise<void> {
    await sleep(250);
  }

  #lockedError(cause: unknown): OrchestratorError {
    return new OrchestratorError(
      `Rows this change needs stayed locked by another process for ${Math.round(this.#options.lock.waitMs / 1000)} s; nothing was changed.`,
      {
        code: 'LOCKED',
        hint: 'Run orchestrator doctor to see which orchestrator processes hold transactions open, then retry.',
        cause,
      },
    );
  }

  #wrap(error: unknown): unknown {
    if (isOrchestratorError(error)) return error;
    if (isConnectionLost(error) || ['28P01', '28000', '3D000', '42501'].includes((error as { code?: string }).code ?? '')) {
      return connectionError(this.#options.location, error);
    }
    return error;
  }

  #serially<R>(fn: () => Promise<R>): Promise<R> {
    const run = this.#queue.then(fn);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #now(): Date {
    return (this.#options.clock ?? (() => new Date()))();
  }
}

// ---- helpers --------------------------------------------------------------------------------------------------

const EMPTY: ReadonlySet<string> = new Set();

function joinKey(collection: string, key: string): string {
  return `${collection}\u0000${key}`;
}

function splitKey(joined: string): [string, string] {
  const at = joined.indexOf('\u0000');
  return [joined.slice(0, at), joined.slice(at + 1)];
}

/** Every key read or written, as (collection, key), sorted: the order every process locks rows in. */
function sortedKeys(
  written: ReadonlyArray<readonly [string, readonly string[]]>,
  read: ReadonlyMap<string, ReadonlySet<string>>,
): Array<[string, string]> {
  const all = new Set<string>();
  for (const [collection, keys] of written) for (const key of keys) all.add(joinKey(collection, key));
  for (const [collection, keys] of read) for (const key of keys) all.add(joinKey(collection, key));
  return [...all].sort().map(splitKey);
}

/** The header as stored in the meta row: without the fields the store keeps itself. */
function strip(header: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(header)) if (!STORE_FIELDS.has(key)) copy[key] = value;
  return copy;
}

/** Back to the pool, or away when its connection is gone (a dead client must never be handed out again). */
function release(client: pg.PoolClient, error: unknown): void {
  client.release(isConnectionLost(error) ? true : undefined);
}

async function rollback(client: pg.PoolClient, outcome: Outcome): Promise<Outcome> {
  await client.query('ROLLBACK');
  return outcome;
}

function gaveUp(attempt: number): OrchestratorError {
  return new OrchestratorError(`Other processes kept changing what this change depends on; gave up after ${attempt + 1} attempts.`, {
    code: 'LOCKED',
    hint: 'Nothing was changed. Retry; if it keeps happening, run orchestrator doctor.',
  });
}

function validated<R>(location: string, validate: () => R): R {
  try {
    return validate();
  } catch (error) {
    if (error instanceof z.ZodError) {
      throw new OrchestratorError(`The document for ${location} is not valid: ${z.prettifyError(error)}.`, { code: 'STORE_INVALID', cause: error });
    }
    throw error;
  }
}

function restoreHint(location: string): string {
  return `Restore a snapshot with \`orchestrator db restore <file> --store ${location}\`, or fix the rows by hand.`;
}

/** A date column as YYYY-MM-DD, whatever the driver made of it. */
function dateOnly(value: unknown): string {
  if (value instanceof Date) {
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
  }
  return String(value).slice(0, 10);
}
