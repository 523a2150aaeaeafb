import { OrchestratorError } from '../../errors.js';
import { planInputSchema, type PlanInput } from '../workflow-inputs.js';
import type { CreateTaskInput } from '../inputs.js';
import type { Task } from '../schemas.js';
import type { Change } from './common.js';
import { createTasks, generateTaskId, type CreateDefaults } from './create.js';

export interface CreatedPlan {
  plan: Task;
  /** In the order they were given. */
  subtasks: Task[];
}

/**
 * The description a plan is created with. What every subtask's specialist context shows of its plan is the
 * plan's description, so the plan's context (background for every subtask) goes into it too. Each face that
 * makes plans (orchestrator_plan_task, templates) builds the description here.
 */
export function planDescription(description: string, context: string | null | undefined): string {
  return context ? `${description}\n\nContext:\n${context}` : description;
}

/**
 * Creates a plan (a parent task) and its subtasks as one change. Subtask dependencies may name another
 * subtask by the id it was given or by its title, or any existing task by id; everything is checked before
 * anything is created, so a plan is created whole or not at all.
 */
export function createPlan(change: Change, input: PlanInput, defaults: CreateDefaults): CreatedPlan {
  const data = planInputSchema.parse(input);
  const { doc } = change;
  const taken = new Set(data.subtasks.flatMap((subtask) => (subtask.id ? [subtask.id] : [])));
  if (taken.size !== data.subtasks.filter((subtask) => subtask.id).length) {
    throw new OrchestratorError('Two subtasks were given the same task_id.', {
      code: 'INVALID_INPUT',
      hint: 'Give every subtask its own id, or leave the ids out.',
    });
  }
  const [plan] = createTasks(
    change,
    [
      {
        title: data.title ?? firstLine(data.description),
        description: data.description,
        complexity: data.complexity ?? null,
        metadata: { plan: { context: data.context ?? null } },
      },
    ],
    defaults,
  );
  const ids = data.subtasks.map((subtask) => subtask.id ?? generateTaskId(doc, taken));

  const byTitle = new Map<string, number[]>();
  data.subtasks.forEach((subtask, index) => {
    const key = normalize(subtask.title);
    byTitle.set(key, [...(byTitle.get(key) ?? []), index]);
  });
  const ownIds = new Set(ids);
  const resolve = (reference: string, from: string): string => {
    if (ownIds.has(reference)) return reference;
    const matches = byTitle.get(normalize(reference));
    if (matches && matches.length > 1) {
      throw new OrchestratorError(`Subtask "${from}" depends on "${reference}", but ${matches.length} subtasks have that title.`, {
        code: 'INVALID_INPUT',
        hint: 'Give those subtasks different titles, or give them task_ids and depend on the ids.',
      });
    }
    if (matches) return ids[matches[0]!]!;
    if (reference in doc.tasks || reference in doc.archived) return reference;
    throw new OrchestratorError(`Subtask "${from}" depends on "${reference}", which is neither a subtask of this plan nor an existing task.`, {
      code: 'INVALID_INPUT',
      hint: `Use a subtask title (${data.subtasks.map((subtask) => `"${subtask.title}"`).join(', ')}) or the id of an existing task.`,
      details: { unknown: reference, subtask: from },
    });
  };

  const inputs: CreateTaskInput[] = data.subtasks.map((subtask, index) => ({
    id: ids[index],
    title: subtask.title,
    description: subtask.description,
    role: subtask.role ?? null,
    dependencies: subtask.dependencies.map((reference) => {
      const id = resolve(reference, subtask.title);
      if (id === ids[index]) throw new OrchestratorError(`Subtask "${subtask.title}" cannot depend on itself.`, { code: 'CYCLE' });
      return id;
    }),
    priority: subtask.priority,
    parentId: plan!.id,
    complexity: subtask.complexity ?? null,
    estimatedEffort: subtask.estimatedEffort ?? null,
  }));
  let subtasks: Task[];
  try {
    subtasks = createTasks(change, inputs, defaults);
  } catch (error) {
    throw withTitles(
      error,
      ids,
      data.subtasks.map((subtask) => subtask.title),
    );
  }
  return { plan: doc.tasks[plan!.id]!, subtasks };
}

/** A cycle among ids nobody has seen yet is named by the subtasks' titles instead. */
function withTitles(error: unknown, ids: readonly string[], titles: readonly string[]): unknown {
  if (!(error instanceof OrchestratorError) || error.code !== 'CYCLE' || !Array.isArray(error.details?.cycle)) return error;
  const name = (id: string) => {
    const index = ids.indexOf(id);
    return index === -1 ? id : `"${titles[index]}"`;
  };
  const path = (error.details.cycle as string[]).map(name).join(' → ');
  return new OrchestratorError(`The subtasks' dependencies form a cycle: ${path} (each waits for the next).`, {
    code: 'CYCLE',
    hint: 'Remove one of those dependencies so that the work can start somewhere.',
    details: { cycle: error.details.cycle },
  });
}

function normalize(title: string): string {
  return title.trim().toLowerCase().replace(/\s+/g, ' ');
}

function firstLine(text: string): string {
  const line = text.trim().split('\n')[0]!.trim();
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}
