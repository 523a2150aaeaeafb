import {
  DocumentStore,
  dataPaths,
  durableFromEnv,
  isPgUrl,
  lockSettingsFromEnv,
  parsePgUrl,
  PgDocumentStore,
  type LockSettings,
  type Store,
} from '../store/index.js';
import { OrchestratorError } from '../errors.js';
import {
  STORE_MIGRATIONS,
  STORE_SCHEMA_VERSION,
  archivedEntrySchema,
  requestRecordSchema,
  sessionSchema,
  storeHeaderSchema,
  taskSchema,
  workerSchema,
  type StoreDocument,
} from './schemas.js';

export interface TaskStoreOptions {
  lock?: LockSettings;
  /** Wait for the disk before acknowledging a change (default: on unless ORCHESTRATOR_FSYNC=0). */
  durable?: boolean;
  clock?: () => Date;
}

export type TaskStore = Store<StoreDocument>;

export function emptyStoreDocument(): StoreDocument {
  return {
    schemaVersion: STORE_SCHEMA_VERSION,
    revision: 0,
    counters: { task: 0 },
    tasks: {},
    workers: {},
    sessions: {},
    archived: {},
    requests: {},
  };
}

const COLLECTIONS = {
  tasks: taskSchema,
  workers: workerSchema,
  sessions: sessionSchema,
  archived: archivedEntrySchema,
  requests: requestRecordSchema,
};

/**
 * Opens the task store: in PostgreSQL when `store` is a postgres:// URL (`--store`, ORCHESTRATOR_STORE), otherwise
 * the files of the data directory.
 */
export function openStore(dataDir: string, store: string | undefined, options: TaskStoreOptions = {}): TaskStore {
  if (store === undefined || store === '') return openTaskStore(dataDir, options);
  if (!isPgUrl(store)) {
    throw new OrchestratorError(`--store takes a postgres:// URL; "${store}" is not one.`, {
      code: 'USAGE',
      hint: 'For a folder of files, use --data-dir instead.',
    });
  }
  return new PgDocumentStore<StoreDocument>({
    location: parsePgUrl(store),
    ...taskDocument(options),
  });
}

/** Opens the task store of a data directory (the file backend). Nothing is created on disk until the first change. */
export function openTaskStore(dataDir: string, options: TaskStoreOptions = {}): DocumentStore<StoreDocument> {
  const paths = dataPaths(dataDir);
  return new DocumentStore<StoreDocument>({
    file: paths.store,
    journalFile: paths.journal,
    eventsFile: paths.events,
    backupsDir: paths.backups,
    ...taskDocument(options),
  });
}

/** What either backend needs to know of the task document, and the options both take. */
function taskDocument(options: TaskStoreOptions) {
  return {
    schemaVersion: STORE_SCHEMA_VERSION,
    schemas: { header: storeHeaderSchema, collections: COLLECTIONS },
    migrations: STORE_MIGRATIONS,
    create: emptyStoreDocument,
    lock: options.lock ?? lockSettingsFromEnv(),
    durable: options.durable ?? durableFromEnv(),
    ...(options.clock && { clock: options.clock }),
  };
}
