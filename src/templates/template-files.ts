import { listYamlFiles, readYamlText } from '../roles/yaml-files.js';
import { parseTemplateFile, type ParsedTemplateFile } from './parse-file.js';
import type { TemplateProblem, TemplateSource } from './types.js';

/** The template files of a folder (`*.yaml`, `*.yml`, as for roles), sorted by name. */
export function listTemplateFiles(dir: string): Promise<{ files: string[]; problem?: TemplateProblem }> {
  return listYamlFiles(dir, 'template');
}

/** Reads and parses one template file; a file that cannot be read is a problem like any other. */
export async function readTemplateFile(file: string, source: TemplateSource): Promise<ParsedTemplateFile> {
  const read = await readYamlText(file, 'template');
  if ('problem' in read) return { file, source, templates: [], problems: [{ file, message: read.problem, source }] };
  // The parser is loaded with the built-in templates anyway (catalog.ts), so it is imported statically here.
  return parseTemplateFile(read.text, file, source);
}

/** Every template file of a folder, in file-name order. */
export async function readTemplateFolder(dir: string, source: TemplateSource): Promise<{ files: ParsedTemplateFile[]; problems: TemplateProblem[] }> {
  const listing = await listTemplateFiles(dir);
  const files = await Promise.all(listing.files.map((file) => readTemplateFile(file, source)));
  return { files, problems: listing.problem ? [{ ...listing.problem, source }] : [] };
}
