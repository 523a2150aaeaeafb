import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { TaskService } from '../../core/index.js';
import { loadRoles } from '../../roles/index.js';
import { applyTemplate, findTemplate, type ApplyResult } from '../../templates/apply.js';
import {
  dedupeTemplates,
  readTemplateLayers,
  resolveParameters,
  type TemplateCatalog,
  type TemplateProblem,
  type TemplateSource,
} from '../../templates/index.js';
import type { ParsedTemplateFile } from '../../templates/parse-file.js';
import { listTemplateFiles, readTemplateFile } from '../../templates/template-files.js';
import type { Prompter } from '../../ui/prompts.js';
import type { TemplatesContext } from './context.js';

export interface ApplyRequest {
  name: string;
  params: Record<string, string>;
  parentId?: string | undefined;
  dryRun: boolean;
}

/**
 * Applies a template from the terminal: parameters without a default that were not given are asked for when a
 * person can answer; the rest is the same call the MCP tool makes.
 */
export async function runTemplatesApply(
  request: ApplyRequest,
  deps: { catalog: TemplateCatalog; service: TaskService; actor: string; prompter: Prompter; problemLine: (problem: TemplateProblem) => string },
): Promise<ApplyResult> {
  const template = findTemplate(deps.catalog, request.name, deps.problemLine);
  const params = { ...request.params };
  const resolved = resolveParameters(template, params);
  if (resolved.unknown.length === 0 && deps.prompter.interactive) {
    for (const parameter of resolved.missing) {
      params[parameter.name] = await deps.prompter.input({
        message: `${parameter.name} (${parameter.description}):`,
        validate: (value) => (value.trim() === '' ? 'a value is needed' : true),
      });
    }
  }
  return applyTemplate(
    { name: request.name, parameters: params, parentId: request.parentId ?? null, dryRun: request.dryRun },
    { catalog: deps.catalog, service: deps.service, actor: deps.actor, describe: deps.problemLine },
  );
}

export interface ValidatedTemplateFile {
  file: string;
  source: TemplateSource;
  templates: string[];
  problems: number;
}

export interface TemplatesValidation {
  ok: boolean;
  files: ValidatedTemplateFile[];
  problems: TemplateProblem[];
  /** The folders scanned (when no file was named). */
  folders: string[];
}

/**
 * Checks the named files, or every template file of the project and user folders: the files themselves, names
 * defined twice in one folder, and roles that no role file or built-in role defines.
 */
export async function runTemplatesValidate(
  files: readonly string[],
  ctx: Pick<TemplatesContext, 'load' | 'userDir' | 'cwd'>,
): Promise<TemplatesValidation> {
  let parsed: ParsedTemplateFile[];
  let problems: TemplateProblem[];
  let folders: string[] = [];
  if (files.length === 0) {
    const layers = await readTemplateLayers(ctx.load);
    parsed = layers.files;
    problems = [...layers.problems];
    folders = layers.folders.map((folder) => folder.dir);
  } else {
    const paths = (await Promise.all(files.map((file) => expand(path.resolve(ctx.cwd, file))))).flat();
    parsed = await Promise.all(paths.map((file) => readTemplateFile(file, path.dirname(file) === ctx.userDir ? 'user' : 'project')));
    problems = parsed.flatMap((file) => file.problems);
    for (const source of ['user', 'project'] as const)
      dedupeTemplates(
        parsed.filter((file) => file.source === source),
        problems,
      );
  }
  const roles = await loadRoles(ctx.load);
  for (const file of parsed) {
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
  const counts = new Map<string, number>();
  for (const problem of problems) counts.set(problem.file, (counts.get(problem.file) ?? 0) + 1);
  return {
    ok: problems.length === 0,
    files: parsed.map((file) => ({
      file: file.file,
      source: file.source,
      templates: file.templates.map((template) => template.name),
      problems: counts.get(file.file) ?? 0,
    })),
    problems: problems.sort((a, b) => (a.file === b.file ? (a.line ?? 0) - (b.line ?? 0) : a.file < b.file ? -1 : 1)),
    folders,
  };
}

async function expand(file: string): Promise<string[]> {
  const isFolder = await stat(file).then(
    (info) => info.isDirectory(),
    () => false,
  );
  return isFolder ? (await listTemplateFiles(file)).files : [file];
}
