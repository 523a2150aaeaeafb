import { z } from 'zod';
import { taskIdSchema, type BatchSummary, type ChangeOptions, type TaskService, type TaskView } from '../core/index.js';
import { OrchestratorError, problemText } from '../errors.js';
import { checkParameters, PLAN_REF, renderTemplate, resolveParameters } from './render.js';
import type { Template, TemplateCatalog, TemplateProblem } from './types.js';

/** What applying a template takes, from the terminal or over MCP. */
const applyTemplateInputSchema = z.object({
  name: z.string().trim().min(1).max(64),
  /** Parameter values by name; a parameter with a default may be left out. */
  parameters: z.record(z.string(), z.string().max(10_000)).default({}),
  /** An existing, open task the plan becomes a subtask of. */
  parentId: taskIdSchema.nullish(),
  /** Work the plan out without creating anything. */
  dryRun: z.boolean().default(false),
});
export type ApplyTemplateInput = z.input<typeof applyTemplateInputSchema>;

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
  /** The plan and its subtasks as created; null and empty in a dry run. */
  plan: TaskView | null;
  subtasks: TaskView[];
  /** What the change does (or would do), subtask by subtask, with the template's keys. */
  planned: { plan: { id: string; title: string; parentId: string | null }; subtasks: PlannedSubtask[] };
}

/** The template of that name, or an error that says why it is not available. */
export function findTemplate(
  catalog: TemplateCatalog,
  name: string,
  describe: (problem: TemplateProblem) => string = (problem) => problemText(problem),
): Template {
  const template = catalog.get(name);
  if (template) return template;
  const broken = catalog.problems.filter((problem) => problem.template === name);
  if (broken.length > 0) {
    throw new OrchestratorError(`Template "${name}" is defined but not valid, so it is not in use.`, {
      code: 'INVALID_INPUT',
      hint: broken.map(describe).join('\n  '),
      details: { problems: broken },
    });
  }
  throw new OrchestratorError(`No template named "${name}".`, { code: 'NOT_FOUND', hint: `Templates: ${catalog.names().join(', ')}.` });
}

/**
 * Applies a template: parameters checked, the plan rendered, and every task created in one change or, with
 * `dryRun`, only worked out. Both faces call this.
 */
export async function applyTemplate(
  input: ApplyTemplateInput,
  deps: {
    catalog: TemplateCatalog;
    service: TaskService;
    actor: string;
    describe?: (problem: TemplateProblem) => string;
    /** How the change waits for the store, and its request id (MCP). */
    waiting?: ChangeOptions;
  },
): Promise<ApplyResult> {
  const request = applyTemplateInputSchema.parse(input);
  const template = findTemplate(deps.catalog, request.name, deps.describe);
  const resolved = resolveParameters(template, request.parameters);
  checkParameters(template, resolved);
  const batch = renderTemplate(template, resolved.values, { parentId: request.parentId ?? null });
  const summary: BatchSummary & { tasks?: TaskView[] } = request.dryRun
    ? await deps.service.planBatch(batch)
    : await deps.service.applyBatch(batch, deps.actor, deps.waiting);
  const tasks = summary.tasks ?? [];
  const ids = new Map(summary.created.map((entry) => [entry.ref, entry]));
  const plan = ids.get(PLAN_REF)!;
  const byId = new Map(tasks.map((task) => [task.id, task]));
  return {
    dryRun: request.dryRun,
    template: template.name,
    parameters: resolved.values,
    plan: byId.get(plan.id) ?? null,
    subtasks: template.subtasks.flatMap((subtask) => byId.get(ids.get(subtask.key)?.id ?? '') ?? []),
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
