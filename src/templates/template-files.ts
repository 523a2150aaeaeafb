import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseTemplateFile, type ParsedTemplateFile } from './parse-file.js';
import type { TemplateProblem, TemplateSource } from './types.js';

/** Template files are written by hand: anything this large is a mistake. */
export const MAX_TEMPLATE_FILE_BYTES = 1024 * 1024;

/** `*.yaml` and `*.yml`; hidden files (editor backups and locks) are skipped, as for roles. */
export function isTemplateFileName(name: string): boolean {
  return !name.startsWith('.') && /\.ya?ml$/i.test(name);
}

/** The template files of a folder, sorted by name so that "first" means the same thing on every machine. */
export async function listTemplateFiles(dir: string): Promise<{ files: string[]; problem?: TemplateProblem }> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { files: [] };
    return { files: [], problem: { file: dir, message: `cannot read the templates folder: ${(error as Error).message}` } };
  }
  const files = names
    .filter(isTemplateFileName)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((name) => path.join(dir, name));
  return { files };
}

/** Reads and parses one template file; a file that cannot be read is a problem like any other. */
export async function readTemplateFile(file: string, source: TemplateSource): Promise<ParsedTemplateFile> {
  const failed = (message: string): ParsedTemplateFile => ({ file, source, templates: [], problems: [{ file, message, source }] });
  let text: string;
  try {
    const info = await stat(file);
    if (info.isDirectory()) return failed('is a folder, not a template file');
    if (info.size > MAX_TEMPLATE_FILE_BYTES) return failed(`is ${info.size} bytes; template files are limited to ${MAX_TEMPLATE_FILE_BYTES}`);
    text = await readFile(file, 'utf8');
  } catch (error) {
    return failed(`cannot read the file: ${(error as Error).message}`);
  }
  // The parser is loaded with the built-in templates anyway (catalog.ts), so it is imported statically here.
  return parseTemplateFile(text.replace(/^\uFEFF/, ''), file, source);
}

export async function readTemplateFolder(dir: string, source: TemplateSource): Promise<{ files: ParsedTemplateFile[]; problems: TemplateProblem[] }> {
  const listing = await listTemplateFiles(dir);
  const files = await Promise.all(listing.files.map((file) => readTemplateFile(file, source)));
  return { files, problems: listing.problem ? [{ ...listing.problem, source }] : [] };
}
