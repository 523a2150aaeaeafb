import type { ArtifactRef, Task } from '../core/index.js';
import type { Role } from './types.js';

export interface SpecialistContextInput {
  role: Role;
  task: Task;
  /** The tasks this one depends on, with their summaries and artifacts. */
  dependencies: readonly Task[];
  /** The plan the task belongs to, when it has one. */
  plan?: Task | null | undefined;
}

/** The structured form of a specialist context (MCP `structuredContent`). */
export interface SpecialistContext {
  role: Pick<Role, 'name' | 'description' | 'roleDefinition' | 'expertise' | 'approach' | 'outputFormat' | 'source'>;
  task: Pick<Task, 'id' | 'title' | 'description' | 'priority' | 'complexity' | 'estimatedEffort' | 'parentId'>;
  plan: { id: string; title: string; description: string } | null;
  dependencies: Array<{
    id: string;
    title: string;
    status: Task['status'];
    summary: string | null;
    artifacts: ArtifactRef[];
  }>;
}

/**
 * Turns a role and a task into what the specialist needs to do the task: who it is, how to work, what to
 * deliver, the task itself, and what the tasks before it produced (summaries and artifact references, not
 * the artifacts themselves, which stay out of the conversation until read).
 */
export function renderSpecialistContext(input: SpecialistContextInput): { markdown: string; structured: SpecialistContext } {
  const { role, task, plan } = input;
  const structured: SpecialistContext = {
    role: {
      name: role.name,
      description: role.description,
      roleDefinition: role.roleDefinition,
      expertise: [...role.expertise],
      approach: [...role.approach],
      outputFormat: role.outputFormat,
      source: role.source,
    },
    task: {
      id: task.id,
      title: task.title,
      description: task.description,
      priority: task.priority,
      complexity: task.complexity,
      estimatedEffort: task.estimatedEffort,
      parentId: task.parentId,
    },
    plan: plan ? { id: plan.id, title: plan.title, description: plan.description } : null,
    dependencies: input.dependencies.map((dependency) => ({
      id: dependency.id,
      title: dependency.title,
      status: dependency.status,
      summary: dependency.summary,
      artifacts: [...dependency.artifacts],
    })),
  };
  return { markdown: toMarkdown(structured), structured };
}

function toMarkdown(context: SpecialistContext): string {
  const { role, task, plan } = context;
  const lines: string[] = [
    `# Specialist: ${role.name}`,
    '',
    role.roleDefinition,
    '',
    '## Expertise',
    ...role.expertise.map((item) => `- ${item}`),
    '',
    '## Approach',
    ...role.approach.map((step, index) => `${index + 1}. ${step}`),
    '',
    `## Task ${task.id}: ${task.title}`,
    '',
    task.description || '_No description was given; work from the title and the plan._',
  ];
  const facts = [
    `priority ${task.priority}`,
    ...(task.complexity ? [`complexity ${task.complexity}`] : []),
    ...(task.estimatedEffort ? [`estimated effort ${task.estimatedEffort}`] : []),
  ];
  lines.push('', `_${facts.join(' · ')}_`);
  if (plan) {
    lines.push('', `## Part of plan ${plan.id}: ${plan.title}`, '', plan.description || '_No plan description._');
  }
  if (context.dependencies.length > 0) {
    lines.push('', '## What the tasks before this one produced');
    for (const dependency of context.dependencies) {
      lines.push('', `### ${dependency.id}: ${dependency.title} (${dependency.status})`, '', dependency.summary ?? '_No summary._');
      for (const artifact of dependency.artifacts) {
        lines.push(`- artifact \`${artifact.path}\`${artifact.type ? ` (${artifact.type})` : ''}`);
      }
    }
  }
  lines.push('', '## Expected output', '', role.outputFormat, '');
  return lines.join('\n');
}
