import path from 'node:path';

/** The files and folders of one data directory (see DESIGN.md, "Data directory"). */
export interface DataPaths {
  dir: string;
  store: string;
  /** Changes since the snapshot in store.json (see journal.ts). */
  journal: string;
  events: string;
  artifacts: string;
  roles: string;
  archive: string;
  backups: string;
}

export function dataPaths(dir: string): DataPaths {
  return {
    dir,
    store: path.join(dir, 'store.json'),
    journal: path.join(dir, 'journal.jsonl'),
    events: path.join(dir, 'events.jsonl'),
    artifacts: path.join(dir, 'artifacts'),
    roles: path.join(dir, 'roles'),
    archive: path.join(dir, 'archive'),
    backups: path.join(dir, 'backups'),
  };
}
