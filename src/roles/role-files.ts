import type { ParsedRoleFile } from './parse-file.js';
import type { RoleProblem, RoleSource } from './types.js';
import { listYamlFiles, MAX_YAML_FILE_BYTES, readYamlText } from './yaml-files.js';

export const MAX_ROLE_FILE_BYTES = MAX_YAML_FILE_BYTES;

/** The role files of a roles folder (`*.yaml`, `*.yml`), sorted by name. */
export function listRoleFiles(dir: string): Promise<{ files: string[]; problem?: RoleProblem }> {
  return listYamlFiles(dir, 'role');
}

/** Reads and parses one role file; a file that cannot be read is a problem like any other. */
export async function readRoleFile(file: string, source: RoleSource): Promise<ParsedRoleFile> {
  const read = await readYamlText(file, 'role');
  if ('problem' in read) return { file, source, format: null, roles: [], problems: [{ file, message: read.problem, source }] };
  // The YAML parser and zod load only when there is a file to read.
  const { parseRoleFile } = await import('./parse-file.js');
  return parseRoleFile(read.text, file, source);
}

/** Every role file of a folder, in file-name order. */
export async function readRoleFolder(dir: string, source: RoleSource): Promise<{ files: ParsedRoleFile[]; problems: RoleProblem[] }> {
  const listing = await listRoleFiles(dir);
  const files = await Promise.all(listing.files.map((file) => readRoleFile(file, source)));
  return { files, problems: listing.problem ? [{ ...listing.problem, source }] : [] };
}
