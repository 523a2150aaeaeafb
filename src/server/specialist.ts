import type { Task } from '../core/index.js';
import { renderSpecialistContext, type Role, type RoleCatalog, type SpecialistContext } from '../roles/index.js';
import type { Connection } from './connection.js';
import { artifactUri } from './present.js';

/** The role a task without a (known) role is worked under. */
export const FALLBACK_ROLE = 'implementer';

export interface TaskContext {
  markdown: string;
  structured: SpecialistContext & { artifactResources: string[]; roleNote: string | null };
}

/**
 * The specialist context of a task: its role's definition, expertise, approach and output format, the task,
 * its plan, and what the tasks it depends on produced (summaries and artifact references, never the artifacts).
 */
export async function specialistContext(connection: Connection, task: Task): Promise<TaskContext> {
  const [catalog, doc] = await Promise.all([connection.roles(), connection.service.snapshot()]);
  const { role, note } = roleFor(catalog, task.role);
  const dependencies = task.dependencies.flatMap((id) => (doc.tasks[id] ? [doc.tasks[id]] : []));
  const plan = task.parentId ? (doc.tasks[task.parentId] ?? null) : null;
  const rendered = renderSpecialistContext({ role, task, dependencies, plan });
  const resources = dependencies.flatMap((dependency) => dependency.artifacts.map((artifact) => artifactUri(dependency.id, artifact.id)));
  const parts = [
    ...(note ? [`> ${note}`, ''] : []),
    rendered.markdown.trimEnd(),
    ...(resources.length > 0
      ? [
          '',
          '## Reading earlier work',
          '',
          'The detailed work of those tasks is kept out of this conversation. Read it when you need it, as MCP resources:',
          ...resources.map((uri) => `- ${uri}`),
        ]
      : []),
  ];
  return { markdown: parts.join('\n'), structured: { ...rendered.structured, artifactResources: resources, roleNote: note } };
}

export function roleFor(catalog: RoleCatalog, name: string | null): { role: Role; note: string | null } {
  const role = name ? catalog.get(name) : undefined;
  if (role) return { role, note: null };
  const fallback = catalog.get(FALLBACK_ROLE) ?? catalog.list()[0]!;
  const note = name
    ? `The task's role "${name}" is not defined any more; working as ${fallback.name}.`
    : `The task has no specialist role; working as ${fallback.name}.`;
  return { role: fallback, note };
}
