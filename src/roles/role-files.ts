import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ParsedRoleFile } from './parse-file.js';
import type { RoleProblem, RoleSource } from './types.js';

/** Role files are written by hand and read on every session start: anything this large is a mistake. */
export const MAX_ROLE_FILE_BYTES = 1024 * 1024;

/** `*.yaml` and `*.yml`; hidden files (editor backups and locks such as `.#roles.yaml`) are skipped. */
export function isRoleFileName(name: string): boolean {
  return !name.startsWith('.') && /\.ya?ml$/i.test(name);
}

/** The role files of a roles folder, sorted by name so that "first" means the same thing on every machine. */
export async function listRoleFiles(dir: string): Promise<{ files: string[]; problem?: RoleProblem }> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // No folder means no custom roles, the usual case.
    if (code === 'ENOENT' || code === 'ENOTDIR') return { files: [] };
    return { files: [], problem: { file: dir, message: `cannot read the roles folder: ${(error as Error).message}` } };
  }
  const files = names
    .filter(isRoleFileName)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((name) => path.join(dir, name));
  return { files };
}

/** Reads and parses one role file; a file that cannot be read is a problem like any other. */
export async function readRoleFile(file: string, source: RoleSource): Promise<ParsedRoleFile> {
  const failed = (message: string): ParsedRoleFile => ({ file, source, format: null, roles: [], problems: [{ file, message, source }] });
  let text: string;
  try {
    const info = await stat(file);
    if (info.isDirectory()) return failed('is a folder, not a role file');
    if (info.size > MAX_ROLE_FILE_BYTES) return failed(`is ${info.size} bytes; role files are limited to ${MAX_ROLE_FILE_BYTES}`);
    text = await readFile(file, 'utf8');
  } catch (error) {
    return failed(`cannot read the file: ${(error as Error).message}`);
  }
  // The YAML parser and zod load only when there is a file to read.
  const { parseRoleFile } = await import('./parse-file.js');
  return parseRoleFile(text.replace(/^\uFEFF/, ''), file, source);
}

/** Every role file of a folder, in file-name order. */
export async function readRoleFolder(dir: string, source: RoleSource): Promise<{ files: ParsedRoleFile[]; problems: RoleProblem[] }> {
  const listing = await listRoleFiles(dir);
  const files = await Promise.all(listing.files.map((file) => readRoleFile(file, source)));
  return { files, problems: listing.problem ? [{ ...listing.problem, source }] : [] };
}
