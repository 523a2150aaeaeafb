import { dataPaths, lockSettingsFromEnv, resolveDataDir, type DataPaths, type ResolvedDataDir } from '../store/index.js';
import { settingsFromEnv, TaskService } from './task-service.js';
import { openTaskStore } from './task-store.js';

export interface OpenedTaskService {
  service: TaskService;
  dataDir: ResolvedDataDir;
  paths: DataPaths;
}

/** Resolves the data directory and opens its task service, configured from the environment. */
export function openTaskService(options: { dataDir?: string | undefined; cwd?: string; env?: NodeJS.ProcessEnv } = {}): OpenedTaskService {
  const env = options.env ?? process.env;
  const dataDir = resolveDataDir({ flag: options.dataDir, env, ...(options.cwd && { cwd: options.cwd }) });
  const store = openTaskStore(dataDir.dir, { lock: lockSettingsFromEnv(env) });
  return { service: new TaskService(store, settingsFromEnv(env)), dataDir, paths: dataPaths(dataDir.dir) };
}
