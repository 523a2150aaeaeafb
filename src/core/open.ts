import { dataPaths, lockSettingsFromEnv, type DataPaths, type ResolvedDataDir } from '../store/index.js';
import { resolveDataDirectory } from './data-dir.js';
import type { RolesSource } from './known-roles.js';
import { settingsFromEnv, TaskService } from './task-service.js';
import { openTaskStore } from './task-store.js';

export interface OpenedTaskService {
  service: TaskService;
  dataDir: ResolvedDataDir;
  paths: DataPaths;
}

/** Resolves the data directory and opens its task service, configured from the environment. */
export function openTaskService(
  options: { dataDir?: string | undefined; cwd?: string; env?: NodeJS.ProcessEnv; roles?: RolesSource } = {},
): OpenedTaskService {
  const env = options.env ?? process.env;
  const dataDir = resolveDataDirectory({ flag: options.dataDir, env, ...(options.cwd && { cwd: options.cwd }) });
  const store = openTaskStore(dataDir.dir, { lock: lockSettingsFromEnv(env) });
  const service = new TaskService(store, settingsFromEnv(env), undefined, { ...(options.roles && { roles: options.roles }) });
  return { service, dataDir, paths: dataPaths(dataDir.dir) };
}
