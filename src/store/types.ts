import type { StoredArtifact } from './artifacts.js';
import type { ChangeFn, ChangeOptions, DocumentHeader, EventInput, StoreInspection } from './document-store.js';
import type { DocumentObserver } from './draft.js';
import type { LoggedEvent } from './event-log.js';
import type { StoreChange } from './feed.js';

/**
 * A store: one document shared by many processes, and what lives beside it (its event history, archive and
 * artifacts). Two backends implement it: files in a data directory (DocumentStore, the embedded default) and
 * PostgreSQL (PgDocumentStore, for agents on several machines). Both keep the same promises; the core never
 * knows which one it runs on.
 */
export interface Store<T extends DocumentHeader> {
  readonly backend: 'file' | 'postgres';
  /**
   * Whether every change holds one lock over the whole store while it runs (files). An operation that often finds
   * nothing to do (a claim when nothing is ready) then looks first without it; where changes run side by side
   * (PostgreSQL), a change that changes nothing commits nothing, and looking first would only add a round trip.
   */
  readonly exclusiveChanges: boolean;
  /** Where it is, for messages: a file, or a database URL without its password. */
  readonly location: string;

  /** The current document, live (kept up to date in place). Read-only for callers. */
  read(): Promise<T>;
  /** Events of committed changes, oldest first. */
  readEvents(): Promise<LoggedEvent[]>;
  /** Applies `change` to the latest document and commits it; a change that throws changes nothing. */
  mutate<R>(change: ChangeFn<T, R>, options?: ChangeOptions): Promise<R>;
  /** Changes committed by any process after revision `since` (default: now), from this call on. */
  watch(options?: { since?: number | undefined; signal?: AbortSignal | undefined }): AsyncIterableIterator<StoreChange>;
  /** Tells `observer` of every entry that changes (for indexes kept beside the document). */
  observe(observer: DocumentObserver<T>): () => void;

  /** What is wrong with the store, if anything, without throwing. */
  inspect(): Promise<StoreInspection<T>>;
  /** Writes the current document, whole, to a new file. */
  backup(target: string): Promise<{ document: T; bytes: number }>;
  /** Checks that `text` is a document this store accepts, touching nothing. */
  parseSnapshot(text: string, source: string): T;
  /** Replaces the document with `text`, after saving the one it replaces. */
  restore(
    text: string,
    options: { source: string; backupFile: string; event: EventInput; adjust?: (restored: T, current: T | undefined) => T },
  ): Promise<{ document: T; backupFile: string | undefined }>;
  /** Compacts the store's own files or tables now, if it has anything to compact. */
  fold(): Promise<void>;
  /** Resolves when background work this process started is done. */
  settle(): Promise<void>;
  /** Releases connections and watchers. */
  close(): Promise<void>;

  /** Records `tx.archive` moved out of the document, oldest first. */
  readArchive(): Promise<{ records: unknown[]; skipped: number }>;
  /** Where `tx.archiveEvents` moves events on `now`'s date (a file, or a table). */
  eventArchiveName(now: Date): string;
  /** Text kept beside the document, by owner (a task id) and id. */
  readonly artifacts: {
    write(owner: string, content: string, now: Date): Promise<StoredArtifact>;
    read(owner: string, id: string): Promise<string>;
    remove(owner: string, id?: string): Promise<void>;
  };
  /** What the store takes: the document, the event history, the archive. */
  footprint(): Promise<{ storeBytes: number; eventsBytes: number; archiveBytes: number }>;

  /** Everything the store holds, read in one consistent moment (for `db migrate`). Changes nothing. */
  exportContents(): Promise<StoreContents<T>>;
  /** Fills an empty store with `contents`, as one change; a store that holds anything is refused. */
  importContents(contents: StoreContents<T>): Promise<void>;
}

/** Everything a store holds: what `db migrate` copies from one backend to the other. */
export interface StoreContents<T> {
  document: T;
  events: LoggedEvent[];
  /** Records moved out of the document (archived tasks), oldest first. */
  archive: unknown[];
  /** Events moved out of the history by `db optimize`, with the day they were moved. */
  eventArchive: Array<{ on: string; event: LoggedEvent }>;
  artifacts: Array<{ owner: string; id: string; content: string; createdAt: string }>;
}
