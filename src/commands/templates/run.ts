import type { TaskService } from '../../core/index.js';
import { loadRoles } from '../../roles/index.js';
import { applyTemplate, findTemplate, type ApplyResult } from '../../templates/apply.js';
import {
  checkTemplateRoles,
  dedupeTemplates,
  readTemplateLayers,
  resolveParameters,
  type TemplateCatalog,
  type TemplateProblem,
} from '../../templates/index.js';
import { listTemplateFiles, readTemplateFile } from '../../templates/template-files.js';
import type { Prompter } from '../../ui/prompts.js';
import { readForValidation, summariseValidation } from '../yaml-catalog.js';
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

/**
 * Checks the named files, or every template file of the project and user folders: the files themselves, names
 * defined twice in one folder, and roles that no role file or built-in role defines.
 */
export async function runTemplatesValidate(files: readonly string[], ctx: Pick<TemplatesContext, 'load' | 'folders' | 'cwd'>) {
  const read = await readForValidation(files, ctx, {
    readLayers: () => readTemplateLayers(ctx.load),
    listFiles: listTemplateFiles,
    readFile: readTemplateFile,
    dedupe: dedupeTemplates,
  });
  read.problems.push(...checkTemplateRoles(read.parsed, await loadRoles(ctx.load)));
  return summariseValidation(read, (file) => ({ templates: file.templates.map((template) => template.name) }));
}

export type TemplatesValidation = Awaited<ReturnType<typeof runTemplatesValidate>>;
