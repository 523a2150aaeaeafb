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
  role: Pick<Role, 'name' | 'description' | 'roleDefinition' | 'expertise' | 'approach' | 'outputFormat' | 'source'> & {
    /** The name as written in a single-role file ("Security Auditor"), or null. */
    displayName: string | null;
  };
  task: Pick<Task, 'id' | 'title' | 'description' | 'priority' | 'complexity' | 'estimatedEffort' | 'parentId'>;
  plan: { id: string; title: string; description: string } | null;
  dependencies: Array<{
    id: string;
    title: string;
    status: Task['status'];
    summary: string | null;
    /**
     * When the dependency has no summary: the start of its result (at most RESULT_EXCERPT_CHARS), so that what
     * it produced is not lost; null otherwise.
     */
    resultExcerpt: string | null;
    artifacts: ArtifactRef[];
  }>;
}

/** How much of a dependency's result stands in for a missing summary. */
export const RESULT_EXCERPT_CHARS = 600;

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
      displayName: role.displayName ?? null,
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
      resultExcerpt: dependency.summary === null ? excerpt(dependency.result) : null,
      artifacts: [...dependency.artifacts],
    })),
  };
  return { markdown: toMarkdown(structured), structured };
}

function excerpt(result: string | null): string | null {
  if (result === null || result.trim() === '') return null;
  const text = result.trim();
  return text.length <= RESULT_EXCERPT_CHARS ? text : `${text.slice(0, RESULT_EXCERPT_CHARS).trimEnd()}…`;
}

/** Headings hold one line; a title with line breaks would end the heading early. */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

type RenderableRole = Pick<Role, 'name' | 'roleDefinition' | 'expertise' | 'approach' | 'outputFormat'> & { displayName?: string | null | undefined };

/**
 * A role alone, without a task: who the specialist is, what it knows, how it works and what it delivers (for a
 * prompt asked for without a task id, for example).
 */
export function renderRole(role: RenderableRole): string {
  return [...roleLines(role), ...outputLines(role)].join('\n');
}

function roleLines(role: RenderableRole): string[] {
  const lines = [`# Specialist: ${role.name}${role.displayName ? ` (${oneLine(role.displayName)})` : ''}`, '', role.roleDefinition];
  if (role.expertise.length > 0) lines.push('', '## Expertise', ...role.expertise.map((item) => `- ${item}`));
  if (role.approach.length > 0) lines.push('', '## Approach', ...role.approach.map((step, index) => `${index + 1}. ${step}`));
  return lines;
}

function outputLines(role: RenderableRole): string[] {
  return ['', '## Expected output', '', role.outputFormat, ''];
}

function toMarkdown(context: SpecialistContext): string {
  const { role, task, plan } = context;
  const lines = roleLines(role);
  lines.push(
    '',
    `## Task ${task.id}: ${oneLine(task.title)}`,
    '',
    task.description || '_No description was given; work from the title and the plan._',
  );
  const facts = [
    `priority ${task.priority}`,
    ...(task.complexity ? [`complexity ${task.complexity}`] : []),
    ...(task.estimatedEffort ? [`estimated effort ${task.estimatedEffort}`] : []),
  ];
  lines.push('', `_${facts.join(' · ')}_`);
  if (plan) {
    lines.push('', `## Part of plan ${plan.id}: ${oneLine(plan.title)}`, '', plan.description || '_No plan description._');
  }
  if (context.dependencies.length > 0) {
    lines.push('', '## What the tasks before this one produced');
    for (const dependency of context.dependencies) {
      lines.push('', `### ${dependency.id}: ${oneLine(dependency.title)} (${dependency.status})`, '');
      if (dependency.summary !== null) lines.push(dependency.summary);
      else if (dependency.resultExcerpt !== null) lines.push('_No summary; the start of its result:_', '', dependency.resultExcerpt);
      else lines.push('_No summary._');
      for (const artifact of dependency.artifacts) {
        lines.push(`- artifact \`${artifact.path}\`${artifact.type ? ` (${artifact.type})` : ''}`);
      }
    }
  }
  lines.push(...outputLines(role));
  return lines.join('\n');
}
