import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { TaskService, TaskView } from '../../core/index.js';
import type { BatchSummary } from '../../core/operations/batch.js';
import { OrchestratorError } from '../../errors.js';
import { loadRoles } from '../../roles/index.js';
import {
  checkParameters,
  dedupeTemplates,
  loadTemplates,
  PLAN_REF,
  readTemplateLayers,
  renderTemplate,
  resolveParameters,
  type Template,
  type TemplateCatalog,
  type TemplateProblem,
  type TemplateSource,
} from '../../templates/index.js';
import type { ParsedTemplateFile } from '../../templates/parse-file.js';
import { listTemplateFiles, readTemplateFile } from '../../templates/template-files.js';
import type { Prompter } from '../../ui/prompts.js';
import type { TemplatesContext } from './context.js';

/** The template of that name, or an error that says why it is not available. */
export function findTemplate(catalog: TemplateCatalog, name: string, problemLine: (problem: TemplateProblem) => string): Template {
  const template = catalog.get(name);
  if (template) return template;
  const broken = catalog.problems.filter((problem) => problem.template === name);
  if (broken.length > 0) {
    throw new OrchestratorError(`Template "${name}" is defined but not valid, so it is not in use.`, {
      code: 'INVALID_INPUT',
      hint: broken.map(problemLine).join('\n  '),
      details: { problems: broken },
    });
  }
  throw new OrchestratorError(`No template named "${name}".`, { code: 'NOT_FOUND', hint: `Templates: ${catalog.names().join(', ')}.` });
}

export interface ApplyRequest {
  name: string;
  params: Record<string, string>;
  parentId?: string | undefined;
  dryRun: boolean;
}

/** A subtask as it would be created: its key, the id it gets, and who waits for whom. */
export interface PlannedSubtask {
  key: string;
  id: string;
  title: string;
  role: string | null;
  priority: string;
  estimatedEffort: string | null;
  dependsOn: string[];
}

export interface ApplyResult {
  dryRun: boolean;
  template: string;
  parameters: Record<string, string>;
  /** The plan and its subtasks as created; null in a dry run. */
  plan: TaskView | null;
  subtasks: TaskView[];
  /** What the change does (or would do), subtask by subtask, with the template's keys. */
  planned: { plan: { id: string; title: string; parentId: string | null }; subtasks: PlannedSubtask[] };
}

/**
 * Applies a template: parameters checked (missing ones asked for when a person can answer), the plan rendered,
 * and every task created in one change, or, with `dryRun`, only worked out.
 */
export async function runTemplatesApply(
  request: ApplyRequest,
  deps: { catalog: TemplateCatalog; service: TaskService; actor: string; prompter: Prompter; problemLine: (problem: TemplateProblem) => string },
): Promise<ApplyResult> {
  const template = findTemplate(deps.catalog, request.name, deps.problemLine);
  const resolved = resolveParameters(template, request.params);
  if (resolved.unknown.length === 0 && resolved.missing.length > 0 && deps.prompter.interactive) {
    for (const parameter of resolved.missing) {
      resolved.values[parameter.name] = await deps.prompter.input({
        message: `${parameter.name} (${parameter.description}):`,
        validate: (value) => (value.trim() === '' ? 'a value is needed' : true),
      });
    }
    resolved.missing = [];
  }
  checkParameters(template, resolved);
  const batch = renderTemplate(template, resolved.values, { parentId: request.parentId ?? null });
  const summary: BatchSummary = request.dryRun ? await deps.service.planBatch(batch) : await deps.service.applyBatch(batch, deps.actor);
  const tasks = 'tasks' in summary ? (summary.tasks as TaskView[]) : [];
  const ids = new Map(summary.created.map((entry) => [entry.ref, entry]));
  const plan = ids.get(PLAN_REF)!;
  return {
    dryRun: request.dryRun,
    template: template.name,
    parameters: resolved.values,
    plan: tasks.find((task) => task.id === plan.id) ?? null,
    subtasks: template.subtasks.flatMap((subtask) => tasks.filter((task) => task.id === ids.get(subtask.key)?.id)),
    planned: {
      plan: { id: plan.id, title: plan.title, parentId: plan.parentId },
      subtasks: batch.tasks.slice(1).map((draft) => ({
        key: draft.ref,
        id: ids.get(draft.ref)!.id,
        title: draft.title,
        role: draft.role ?? null,
        priority: draft.priority ?? 'normal',
        estimatedEffort: draft.estimatedEffort ?? null,
        dependsOn: draft.dependencies ?? [],
      })),
    },
  };
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
export async function runTemplatesValidate(files: readonly string[], ctx: Pick<TemplatesContext, 'load' | 'userDir' | 'cwd'>): Promise<TemplatesValidation> {
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
    for (const source of ['user', 'project'] as const) dedupeTemplates(parsed.filter((file) => file.source === source), problems);
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
    files: parsed.map((file) => ({ file: file.file, source: file.source, templates: file.templates.map((template) => template.name), problems: counts.get(file.file) ?? 0 })),
    problems: problems.sort((a, b) => (a.file === b.file ? (a.line ?? 0) - (b.line ?? 0) : a.file < b.file ? -1 : 1)),
    folders,
  };
}

async function expand(file: string): Promise<string[]> {
  const isFolder = await stat(file).then((info) => info.isDirectory(), () => false);
  return isFolder ? (await listTemplateFiles(file)).files : [file];
}

export { loadTemplates };
