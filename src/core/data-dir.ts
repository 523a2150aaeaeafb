import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { DATA_DIR_NAME, resolveDataDir, type ResolvedDataDir } from '../store/data-dir.js';

// Imports nothing but the store's resolution, so the commands that only need to know where the data goes
// (roles, init, completion) do not load the task service.

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
