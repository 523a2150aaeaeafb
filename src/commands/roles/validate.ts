import { stat } from 'node:fs/promises';
import path from 'node:path';
import { dedupeLayer, readRoleLayers, type RoleProblem, type RoleSource } from '../../roles/index.js';
import type { ParsedRoleFile, RoleFileFormat } from '../../roles/parse-file.js';
import { listRoleFiles, readRoleFile } from '../../roles/role-files.js';
import type { RolesContext } from './context.js';

export interface ValidatedFile {
  file: string;
  source: RoleSource;
  format: RoleFileFormat | null;
  roles: string[];
  problems: number;
}

export interface ValidateResult {
  ok: boolean;
  files: ValidatedFile[];
  problems: RoleProblem[];
  /** The folders that were scanned (when no file was named). */
  folders: string[];
}

/**
 * Checks the named files, or every role file of the project and user folders. Duplicate role names within one
 * folder (or among the named files of one folder) are problems too, as they are when roles are loaded.
 */
export async function runRolesValidate(files: readonly string[], ctx: Pick<RolesContext, 'load' | 'folders' | 'cwd'>): Promise<ValidateResult> {
  if (files.length === 0) {
    const layers = await readRoleLayers(ctx.load);
    return summarise(
      layers.files,
      layers.problems,
      layers.folders.map((folder) => folder.dir),
    );
  }
  const paths = (await Promise.all(files.map((file) => expand(path.resolve(ctx.cwd, file))))).flat();
  const parsed = await Promise.all(paths.map((file) => readRoleFile(file, path.dirname(file) === ctx.folders.user.dir ? 'user' : 'project')));
  const problems = parsed.flatMap((file) => file.problems);
  for (const source of ['user', 'project'] as const)
    dedupeLayer(
      parsed.filter((file) => file.source === source),
      problems,
    );
  return summarise(parsed, problems, []);
}

/** A folder stands for its role files; anything else is checked as a file (and reported if it is not one). */
async function expand(file: string): Promise<string[]> {
  const isFolder = await stat(file).then(
    (info) => info.isDirectory(),
    () => false,
  );
  return isFolder ? (await listRoleFiles(file)).files : [file];
}

function summarise(files: readonly ParsedRoleFile[], problems: RoleProblem[], folders: string[]): ValidateResult {
  const counts = new Map<string, number>();
  for (const problem of problems) counts.set(problem.file, (counts.get(problem.file) ?? 0) + 1);
  return {
    ok: problems.length === 0,
    files: files.map((file) => ({
      file: file.file,
      source: file.source,
      format: file.format,
      roles: file.roles.map((role) => role.name),
      problems: counts.get(file.file) ?? 0,
    })),
    problems: [...problems].sort((a, b) => (a.file === b.file ? (a.line ?? 0) - (b.line ?? 0) : a.file < b.file ? -1 : 1)),
    folders,
  };
}
