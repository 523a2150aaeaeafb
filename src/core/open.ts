import { dataPaths, lockSettingsFromEnv, type DataPaths, type ResolvedDataDir } from '../store/index.js';
import { resolveDataDirectory } from './data-dir.js';
import type { RolesSource } from './known-roles.js';
import { settingsFromEnv, TaskService } from './task-service.js';
import { openStore } from './task-store.js';

export interface OpenedTaskService {
  service: TaskService;
  dataDir: ResolvedDataDir;
  paths: DataPaths;
}

/**
 * Resolves the data directory and opens its task service, configured from the environment. The store is the
 * data directory's files unless `store` (`--store`) or ORCHESTRATOR_STORE names a PostgreSQL database; the data
 * directory still holds the project's roles and local backups then.
 */
export function openTaskService(
  options: { dataDir?: string | undefined; store?: string | undefined; cwd?: string; env?: NodeJS.ProcessEnv; roles?: RolesSource } = {},
): OpenedTaskService {
  const env = options.env ?? process.env;
  const dataDir = resolveDataDirectory({ flag: options.dataDir, env, ...(options.cwd && { cwd: options.cwd }) });
  const store = openStore(dataDir.dir, options.store ?? env.ORCHESTRATOR_STORE, { lock: lockSettingsFromEnv(env) });
  const service = new TaskService(store, settingsFromEnv(env), undefined, { dataDir: dataDir.dir, ...(options.roles && { roles: options.roles }) });
  return { service, dataDir, paths: dataPaths(dataDir.dir) };
}
