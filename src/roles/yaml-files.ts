import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Folders of hand-written YAML files (roles, plan templates): which files count, in which order, and how one is
 * read. Parsing is each kind's own.
 */

/** Written by hand and read on every session start: anything this large is a mistake. */
export const MAX_YAML_FILE_BYTES = 1024 * 1024;

/** `*.yaml` and `*.yml`; hidden files (editor backups and locks such as `.#roles.yaml`) are skipped. */
export function isYamlFileName(name: string): boolean {
  return !name.startsWith('.') && /\.ya?ml$/i.test(name);
}

/**
 * The YAML files of a folder, sorted by name so that "first" means the same thing on every machine. No folder is
 * the usual case (nothing custom), not a problem. `kind` names the files in messages: "role", "template".
 */
export async function listYamlFiles(dir: string, kind: string): Promise<{ files: string[]; problem?: { file: string; message: string } }> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { files: [] };
    return { files: [], problem: { file: dir, message: `cannot read the ${kind}s folder: ${(error as Error).message}` } };
  }
  const files = names
    .filter(isYamlFileName)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((name) => path.join(dir, name));
  return { files };
}

/** The text of one file (without a byte-order mark), or why it cannot be read, in words. */
export async function readYamlText(file: string, kind: string): Promise<{ text: string } | { problem: string }> {
  try {
    const info = await stat(file);
    if (info.isDirectory()) return { problem: `is a folder, not a ${kind} file` };
    if (info.size > MAX_YAML_FILE_BYTES) return { problem: `is ${info.size} bytes; ${kind} files are limited to ${MAX_YAML_FILE_BYTES}` };
    return { text: (await readFile(file, 'utf8')).replace(/^\uFEFF/, '') };
  } catch (error) {
    return { problem: `cannot read the file: ${(error as Error).message}` };
  }
}
