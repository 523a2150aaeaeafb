import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import {
  DATA_DIR_NAME,
  dataPaths,
  lockSettingsFromEnv,
  resolveDataDir,
  type DataPaths,
  type ResolvedDataDir,
} from '../store/index.js';
import type { RolesSource } from './known-roles.js';
import { settingsFromEnv, TaskService } from './task-service.js';
import { openTaskStore } from './task-store.js';

export interface OpenedTaskService {
  service: TaskService;
  dataDir: ResolvedDataDir;
  paths: DataPaths;
}

export interface DataDirOptions {
  /** `--data-dir`. */
  flag?: string | undefined;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  home?: string;
}

/**
 * The data directory, in the order of DESIGN.md. On top of the store's resolution: in a monorepo the packages
 * share the repository's store, so a `.git` further up wins over a nearer `package.json` (or other marker).
 */
export function resolveDataDirectory(options: DataDirOptions = {}): ResolvedDataDir {
  const resolved = resolveDataDir(options);
  if (resolved.source !== 'project-root') return resolved;
  const projectRoot = path.dirname(resolved.dir);
  if (existsSync(path.join(projectRoot, '.git'))) return resolved;
  const home = path.resolve(options.home ?? homedir());
  for (let dir = path.dirname(projectRoot); dir !== home && dir !== path.parse(dir).root; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.git'))) {
      return { dir: path.join(dir, DATA_DIR_NAME), source: 'project-root', reason: `repository root ${dir} (has .git)` };
    }
  }
  return resolved;
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
