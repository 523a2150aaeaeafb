import { statSync } from 'node:fs';
import path from 'node:path';
import { OrchestratorError } from '../errors.js';
import { DATA_DIR_NAME } from '../store/index.js';
import { resolveDataDirectory } from './data-dir.js';

/**
 * Which rule chose a session's store, in the order they are tried: the `project_root` a session names, the
 * client's roots, `--data-dir`, ORCHESTRATOR_DATA_DIR, the server's working directory.
 */
export type StoreRule = 'project_root' | 'roots' | 'data_dir_flag' | 'env' | 'working_directory';

export interface StoreLocation {
  /** The data directory. */
  dir: string;
  rule: StoreRule;
  /** One sentence: the rule and why it led here. */
  reason: string;
  /** The project directory the store was found from, when a project root or a client root chose it. */
  projectRoot: string | null;
}

export interface StoreLocationInput {
  projectRoot?: string | undefined;
  /** The client's roots, as directory paths, in the client's order. */
  roots?: readonly string[] | undefined;
  flag?: string | undefined;
  env: NodeJS.ProcessEnv;
  cwd: string;
  home?: string | undefined;
}

/** Finds a session's store; see StoreRule for the order. */
export function locateStore(input: StoreLocationInput): StoreLocation {
  const home = input.home;
  if (input.projectRoot !== undefined) {
    const root = checkedProjectRoot(input.projectRoot);
    const found = resolveDataDirectory({ cwd: root, env: {}, ...(home && { home }) });
    // A project root with no store and no marker above it is still the project the client named.
    if (found.source === 'home') {
      return {
        dir: path.join(root, DATA_DIR_NAME),
        rule: 'project_root',
        reason: `project_root ${root} (no store or project marker above it; the store is created in it)`,
        projectRoot: root,
      };
    }
    return { dir: found.dir, rule: 'project_root', reason: `project_root ${root}: ${found.reason}`, projectRoot: root };
  }
  for (const root of input.roots ?? []) {
    if (!isDirectory(root)) continue;
    const found = resolveDataDirectory({ cwd: root, env: {}, ...(home && { home }) });
    if (found.source === 'existing' || found.source === 'project-root') {
      return { dir: found.dir, rule: 'roots', reason: `the client's root ${root}: ${found.reason}`, projectRoot: root };
    }
  }
  const found = resolveDataDirectory({ flag: input.flag, env: input.env, cwd: input.cwd, ...(home && { home }) });
  const rule: StoreRule = found.source === 'flag' ? 'data_dir_flag' : found.source === 'env' ? 'env' : 'working_directory';
  const why = input.roots && input.roots.length > 0 ? ' (no client root holds a store or a project)' : '';
  const reason = rule === 'working_directory' ? `the server's working directory ${input.cwd}: ${found.reason}${why}` : `${found.reason}${why}`;
  return { dir: found.dir, rule, reason, projectRoot: null };
}

function checkedProjectRoot(dir: string): string {
  const hint = 'Pass the absolute path of the project you work in, or leave it out.';
  if (!path.isAbsolute(dir)) throw new OrchestratorError(`project_root must be an absolute path, not "${dir}".`, { code: 'INVALID_INPUT', hint });
  if (!isDirectory(dir)) throw new OrchestratorError(`project_root "${dir}" is not an existing directory.`, { code: 'INVALID_INPUT', hint });
  return path.resolve(dir);
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
