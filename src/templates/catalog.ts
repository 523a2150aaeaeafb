import path from 'node:path';
import { byFileAndLine } from '../errors.js';
import type { RoleCatalog } from '../roles/types.js';
import { BUILT_IN_TEMPLATES_YAML } from './built-in.js';
import { parseTemplateFile, type ParsedTemplateFile } from './parse-file.js';
import { readTemplateFolder } from './template-files.js';
import type { Template, TemplateCatalog, TemplateProblem, TemplateSource } from './types.js';

/**
 * A catalog over the given layers, lowest first; a later template with the same name replaces an earlier one as
 * a whole (and records the one it replaced in `overrides`). Templates of other names are untouched.
 */
export function createTemplateCatalog(layers: ReadonlyArray<readonly Template[]>, problems: TemplateProblem[] = []): TemplateCatalog {
  const byName = new Map<string, Template>();
  for (const layer of layers) {
    for (const template of layer) {
      const replaced = byName.get(template.name);
      const origin = replaced && {
        source: replaced.source,
        ...(replaced.file && { file: replaced.file }),
        ...(replaced.line && { line: replaced.line }),
      };
      byName.set(template.name, origin ? { ...template, overrides: [origin, ...(replaced.overrides ?? [])] } : template);
    }
  }
  const sorted = [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { list: () => [...sorted], get: (name) => byName.get(name), names: () => sorted.map((template) => template.name), problems };
}

/** The templates that ship with orchestrator, read by the same parser as everyone's files. */
export function builtInTemplates(): Template[] {
  const parsed = parseTemplateFile(BUILT_IN_TEMPLATES_YAML, 'built-in', 'built-in');
  // A built-in template that does not validate is a bug; the tests check every one.
  if (parsed.problems.length > 0)
    throw new Error(`built-in templates: ${parsed.problems.map((problem) => `${problem.line}: ${problem.message}`).join('; ')}`);
  return parsed.templates.map(({ file: _file, line: _line, ...template }) => template);
}

export interface LoadTemplatesOptions {
  /** The data directory: project templates live in `<dataDir>/templates/*.yaml`. */
  dataDir: string;
  /** ORCHESTRATOR_HOME: user templates live in `<home>/templates/*.yaml`. */
  home: string;
}

export interface TemplateFolder {
  source: Exclude<TemplateSource, 'built-in'>;
  dir: string;
}

/** The folders to read, lowest precedence first; read once, as project templates, when both are the same. */
export function templateFolders(options: LoadTemplatesOptions): TemplateFolder[] {
  const user = path.resolve(options.home, 'templates');
  const project = path.resolve(options.dataDir, 'templates');
  return user === project
    ? [{ source: 'project', dir: project }]
    : [
        { source: 'user', dir: user },
        { source: 'project', dir: project },
      ];
}

export interface TemplateLayers {
  folders: TemplateFolder[];
  files: ParsedTemplateFile[];
  layers: Template[][];
  problems: TemplateProblem[];
}

/** Reads the user and project folders. Never throws for a bad file: it becomes a problem. */
export async function readTemplateLayers(options: LoadTemplatesOptions): Promise<TemplateLayers> {
  const folders = templateFolders(options);
  const read = await Promise.all(folders.map((folder) => readTemplateFolder(folder.dir, folder.source)));
  const layers: Template[][] = [builtInTemplates()];
  const problems: TemplateProblem[] = [];
  const files: ParsedTemplateFile[] = [];
  for (const folder of read) {
    problems.push(...folder.problems);
    layers.push(dedupeTemplates(folder.files, problems));
    for (const file of folder.files) {
      files.push(file);
      problems.push(...file.problems);
    }
  }
  problems.sort(byFileAndLine);
  return { folders, files, layers, problems };
}

/** Built-in, then user, then project templates (later layers win, template by template). */
export async function loadTemplates(options: LoadTemplatesOptions): Promise<TemplateCatalog> {
  const { layers, problems } = await readTemplateLayers(options);
  return createTemplateCatalog(layers, problems);
}

/** The same name twice in one folder is a mistake: the first file by name keeps it, the other is reported. */
export function dedupeTemplates(files: readonly ParsedTemplateFile[], problems: TemplateProblem[]): Template[] {
  const kept = new Map<string, Template>();
  for (const file of files) {
    for (const template of file.templates) {
      const first = kept.get(template.name);
      if (!first) {
        kept.set(template.name, template);
        continue;
      }
      problems.push({
        file: file.file,
        ...(template.line !== undefined && { line: template.line }),
        template: template.name,
        message: `template "${template.name}" is already defined in ${first.file}${first.line ? `:${first.line}` : ''}; that definition is used and this one is ignored`,
        source: template.source,
      });
    }
  }
  return [...kept.values()];
}

/**
 * A problem for each subtask whose role no role file or built-in role defines: applying the template would be
 * refused for it.
 */
export function checkTemplateRoles(
  files: ReadonlyArray<Pick<ParsedTemplateFile, 'file' | 'source' | 'templates'>>,
  roles: Pick<RoleCatalog, 'get' | 'names'>,
): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  for (const file of files) {
    for (const template of file.templates) {
      for (const subtask of template.subtasks) {
        if (subtask.role === null || roles.get(subtask.role)) continue;
        problems.push({
          file: file.file,
          ...(subtask.roleLine !== undefined && { line: subtask.roleLine }),
          template: template.name,
          message: `${template.name}: subtask "${subtask.key}" has the role "${subtask.role}", which no role file or built-in role defines (roles: ${roles.names().join(', ')})`,
          source: file.source,
        });
      }
    }
  }
  return problems;
}
