import { readFileSync } from 'node:fs';
import path from 'node:path';
import { restoreStore, type StoreDocument, type TaskService } from '../core/index.js';
import { OrchestratorError } from '../errors.js';
import type { DataPaths } from '../store/index.js';

export interface SnapshotSummary {
  file: string;
  bytes: number;
  revision: number;
  tasks: number;
  archived: number;
}

interface SnapshotDeps {
  service: TaskService;
  paths: DataPaths;
  now: () => Date;
}

/** A consistent snapshot of store.json, by default `backups/store-<timestamp>.json` in the data directory. */
export async function runBackup(options: { out?: string | undefined }, deps: SnapshotDeps): Promise<SnapshotSummary> {
  const file = path.resolve(options.out ?? path.join(deps.paths.backups, `store-${stamp(deps.now())}.json`));
  const { document, bytes } = await deps.service.store.backup(file);
  return summary(file, bytes, document);
}

/** Reads and validates a snapshot without touching the store: what `restore` would put in place. */
export function readSnapshot(file: string, deps: Pick<SnapshotDeps, 'service'>): { text: string; summary: SnapshotSummary } {
  const source = path.resolve(file);
  let text: string;
  try {
    text = readFileSync(source, 'utf8');
  } catch (error) {
    throw new OrchestratorError(`Cannot read ${source}: ${(error as Error).message}`, {
      code: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'NOT_FOUND' : 'IO',
      hint: "Snapshots made by `orchestrator db backup` are in the data directory's backups/ folder.",
      cause: error,
    });
  }
  const document = deps.service.store.parseSnapshot(text, source);
  return { text, summary: summary(source, Buffer.byteLength(text), document) };
}

export interface RestoreReport {
  restored: SnapshotSummary;
  /** Where the replaced store.json was copied; null when there was none. */
  backup: string | null;
  revision: number;
}

/** Replaces store.json with a validated snapshot under the lock, keeping the replaced file in backups/. */
export async function runRestore(file: string, deps: SnapshotDeps & { actor: string }): Promise<RestoreReport> {
  const { text, summary: restored } = readSnapshot(file, deps);
  const result = await restoreStore(deps.service.store, text, {
    source: restored.file,
    backupFile: path.join(deps.paths.backups, `store-before-restore-${stamp(deps.now())}.json`),
    actor: deps.actor,
  });
  return { restored, backup: result.backupFile ?? null, revision: result.document.revision };
}

function summary(file: string, bytes: number, document: StoreDocument): SnapshotSummary {
  return { file, bytes, revision: document.revision, tasks: Object.keys(document.tasks).length, archived: Object.keys(document.archived).length };
}

/** 2026-01-31T12:00:00.000Z → 2026-01-31T12-00-00-000Z: sortable and valid in every file system. */
function stamp(date: Date): string {
  return date.toISOString().replace(/[:.]/g, '-');
}
