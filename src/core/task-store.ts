import { z } from 'zod';
import { DocumentStore, dataPaths, lockSettingsFromEnv, type LockSettings } from '../store/index.js';
import {
  STORE_SCHEMA_VERSION,
  sessionSchema,
  storeDocumentSchema,
  storeHeaderSchema,
  taskSchema,
  workerSchema,
  type StoreDocument,
} from './schemas.js';

export interface TaskStoreOptions {
  lock?: LockSettings;
  clock?: () => Date;
}

export type TaskStore = DocumentStore<StoreDocument>;

export function emptyStoreDocument(): StoreDocument {
  return {
    schemaVersion: STORE_SCHEMA_VERSION,
    revision: 0,
    counters: { task: 0 },
    tasks: {},
    workers: {},
    sessions: {},
    archived: {},
  };
}

/** Opens the task store of a data directory. Nothing is created on disk until the first change. */
export function openTaskStore(dataDir: string, options: TaskStoreOptions = {}): TaskStore {
  const paths = dataPaths(dataDir);
  return new DocumentStore<StoreDocument>({
    file: paths.store,
    eventsFile: paths.events,
    backupsDir: paths.backups,
    schemaVersion: STORE_SCHEMA_VERSION,
    schema: storeDocumentSchema as z.ZodType<StoreDocument>,
    create: emptyStoreDocument,
    validateChange,
    lock: options.lock ?? lockSettingsFromEnv(),
    ...(options.clock && { clock: options.clock }),
  });
}

/**
 * Validates a change by checking the header and only the entries that are not shared with the previous
 * document: the previous document was validated when it was read, and entries are replaced, never edited.
 */
function validateChange(next: StoreDocument, previous: StoreDocument): StoreDocument {
  storeHeaderSchema.parse(next);
  return {
    ...next,
    tasks: validateEntries(next.tasks, previous.tasks, taskSchema, 'tasks'),
    workers: validateEntries(next.workers, previous.workers, workerSchema, 'workers'),
    sessions: validateEntries(next.sessions, previous.sessions, sessionSchema, 'sessions'),
  };
}

function validateEntries<E extends { id: string }>(
  next: Record<string, E>,
  previous: Record<string, E>,
  schema: z.ZodType<unknown>,
  collection: string,
): Record<string, E> {
  for (const [key, entry] of Object.entries(next)) {
    if (previous[key] === entry) continue;
    const parsed = schema.safeParse(entry);
    if (!parsed.success) {
      throw new z.ZodError(parsed.error.issues.map((issue) => ({ ...issue, path: [collection, key, ...issue.path] })));
    }
    if (entry.id !== key) {
      throw new z.ZodError([{ code: 'custom', message: `entry is stored under "${key}" but its id is "${entry.id}"`, path: [collection, key, 'id'], input: entry.id }]);
    }
  }
  return next;
}
