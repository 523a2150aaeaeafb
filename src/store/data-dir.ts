import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

export const DATA_DIR_NAME = '.task_orchestrator';

/** Files whose presence marks a project root (step 3 of the resolution order). */
const PROJECT_MARKERS = ['.git', 'package.json', 'pyproject.toml', 'Cargo.toml', 'go.mod'];

export type DataDirSource = 'flag' | 'env' | 'existing' | 'project-root' | 'home';

export interface ResolvedDataDir {
  dir: string;
  source: DataDirSource;
  /** One sentence saying why this directory was chosen, for `orchestrator doctor`. */
  reason: string;
}

export interface DataDirInput {
  flag?: string | undefined;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  home?: string;
}

/**
 * Resolves the data directory in the order fixed by the design:
 * 1. `--data-dir` or ORCHESTRATOR_DATA_DIR; 2. the nearest ancestor of cwd holding `.task_orchestrator/`;
 * 3. the project root + `/.task_orchestrator`; 4. `~/.task_orchestrator`.
 *
 * The home directory's own `.task_orchestrator` is step 4's fallback (and usually ORCHESTRATOR_HOME), so
 * step 2 does not stop there: otherwise every project below the home directory would share it.
 */
export function resolveDataDir(input: DataDirInput = {}): ResolvedDataDir {
  const env = input.env ?? process.env;
  const cwd = path.resolve(input.cwd ?? process.cwd());
  const home = path.resolve(input.home ?? homedir());

  if (input.flag) {
    return { dir: path.resolve(cwd, input.flag), source: 'flag', reason: 'given with --data-dir' };
  }
  const fromEnv = env.ORCHESTRATOR_DATA_DIR;
  if (fromEnv) {
    return { dir: path.resolve(cwd, fromEnv), source: 'env', reason: 'set by ORCHESTRATOR_DATA_DIR' };
  }

  for (const dir of ancestors(cwd)) {
    if (dir === home) continue;
    const candidate = path.join(dir, DATA_DIR_NAME);
    if (isDirectory(candidate)) {
      return { dir: candidate, source: 'existing', reason: `found an existing ${DATA_DIR_NAME} in ${dir}` };
    }
  }

  for (const dir of ancestors(cwd)) {
    if (dir === home || dir === path.parse(dir).root) break;
    const marker = PROJECT_MARKERS.find((name) => existsSync(path.join(dir, name)));
    if (marker) {
      return {
        dir: path.join(dir, DATA_DIR_NAME),
        source: 'project-root',
        reason: `project root ${dir} (has ${marker})`,
      };
    }
  }

  return { dir: path.join(home, DATA_DIR_NAME), source: 'home', reason: 'no project found; using the home directory' };
}

/** Where user-level files live (installer backups, user roles): ORCHESTRATOR_HOME or `~/.task_orchestrator`. */
export function resolveOrchestratorHome(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  return env.ORCHESTRATOR_HOME ? path.resolve(env.ORCHESTRATOR_HOME) : path.join(home, DATA_DIR_NAME);
}

function* ancestors(start: string): Generator<string> {
  let dir = start;
  for (;;) {
    yield dir;
    const parent = path.dirname(dir);
    if (parent === dir) return;
    dir = parent;
  }
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
