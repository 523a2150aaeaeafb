import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { FIELD_LIMITS, type Priority, type TaskDraft } from '../../core/index.js';
import { jsonParseErrorInWords } from '../../json-parse-errors.js';
import { asTag, joinSections, type ImportProblem, type ReadResult, type RefLocations } from './types.js';

// Task Master's tasks.json: either `{"tasks": [...]}` (older files) or one entry per tag,
// `{"master": {"tasks": [...], "metadata": {...}}, "feature-x": {...}}`. A task has id, title, description,
// details, testStrategy, status, priority, dependencies and subtasks; a subtask has the same but no subtasks.
// Dependencies of a task name task ids; a subtask's name a sibling subtask by its number, or any subtask as
// "<task>.<subtask>".

const STATUSES: Record<string, 'pending' | 'completed' | 'cancelled'> = {
  pending: 'pending',
  'in-progress': 'pending',
  review: 'pending',
  deferred: 'pending',
  blocked: 'pending',
  done: 'completed',
  completed: 'completed',
  cancelled: 'cancelled',
};

const PRIORITIES: Record<string, Priority> = { low: 'low', medium: 'normal', high: 'high', critical: 'urgent' };

export function readTaskmaster(text: string, file: string): ReadResult {
  const problems: ImportProblem[] = [];
  const drafts: TaskDraft[] = [];
  const locations: RefLocations = new Map();
  const notes: string[] = [];
  const lineAt = (offset: number) => text.slice(0, offset).split('\n').length;
  const problem = (message: string, node?: Node) => problems.push({ file, ...(node && { line: lineAt(node.offset) }), message });
  const result = (): ReadResult => ({ kind: 'drafts', drafts, locations, files: [file], problems, notes });

  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0 || !root) {
    for (const error of errors.slice(0, 5))
      problems.push({ file, line: lineAt(error.offset), message: `not valid JSON: ${jsonParseErrorInWords(printParseErrorCode(error.error))}` });
    if (!root && errors.length === 0) problems.push({ file, line: 1, message: 'the file is empty' });
    return result();
  }
  if (root.type !== 'object') {
    problem('expected an object with "tasks", or one entry per tag', root);
    return result();
  }
  const tags: Array<{ tag: string; tasks: Node }> = [];
  const legacy = property(root, 'tasks');
  if (legacy) tags.push({ tag: 'master', tasks: legacy });
  else {
    for (const entry of root.children ?? []) {
      const [key, value] = entry.children ?? [];
      const tasks = value?.type === 'object' ? property(value, 'tasks') : undefined;
      if (key && tasks) tags.push({ tag: String(key.value), tasks });
    }
  }
  if (tags.length === 0) {
    problem('no "tasks" list found: expected {"tasks": [...]} or {"<tag>": {"tasks": [...]}}', root);
    return result();
  }

  const inStatus = new Map<string, number>();
  for (const { tag, tasks } of tags) {
    if (tasks.type !== 'array') {
      problem(`"${tag}".tasks: expected a list of tasks`, tasks);
      continue;
    }
    // Always with the tag, so that ids stay the same when a second tag appears in the file later.
    const ref = (id: string) => `${tag}:${id}`;
    const topIds = new Set<string>();
    const subIds = new Map<string, Set<string>>();
    for (const task of tasks.children ?? []) {
      const id = idOf(task);
      if (id === undefined) continue;
      topIds.add(id);
      subIds.set(id, new Set((arrayOf(task, 'subtasks') ?? []).map(idOf).filter((sub): sub is string => sub !== undefined)));
    }
    const seen = new Set<string>();
    const read = (node: Node, parentId: string | undefined) => {
      const where = parentId ? `subtask of ${parentId}` : 'task';
      if (node.type !== 'object') return problem(`expected a ${where} (an object)`, node);
      const id = idOf(node);
      if (id === undefined) return problem(`a ${where} needs an "id" (a number or text)`, property(node, 'id') ?? node);
      const own = parentId ? `${parentId}.${id}` : id;
      if (seen.has(own)) return problem(`the id ${own} is used twice in "${tag}"`, property(node, 'id'));
      seen.add(own);
      const title = textOf(node, 'title');
      if (!title?.trim()) return problem(`${where} ${own}: "title" is missing or empty`, property(node, 'title') ?? node);
      if (title.length > FIELD_LIMITS.title)
        return problem(`${where} ${own}: the title is longer than ${FIELD_LIMITS.title} characters`, property(node, 'title'));
      const rawStatus = textOf(node, 'status') ?? 'pending';
      const status = STATUSES[rawStatus];
      if (!status)
        return problem(
          `${where} ${own}: unknown status "${rawStatus}"; Task Master's are ${Object.keys(STATUSES).join(', ')}`,
          property(node, 'status'),
        );
      if (status === 'pending' && rawStatus !== 'pending') inStatus.set(rawStatus, (inStatus.get(rawStatus) ?? 0) + 1);
      const rawPriority = textOf(node, 'priority');
      const priority = rawPriority === undefined ? undefined : PRIORITIES[rawPriority];
      if (rawPriority !== undefined && !priority)
        return problem(`${where} ${own}: unknown priority "${rawPriority}"; expected low, medium, high or critical`, property(node, 'priority'));
      const dependencies: string[] = [];
      for (const dependency of arrayOf(node, 'dependencies') ?? []) {
        const value = dependency.value as unknown;
        if (typeof value !== 'number' && typeof value !== 'string') {
          problem(`${where} ${own}: a dependency must be a task id`, dependency);
          continue;
        }
        const target = resolve(String(value), parentId, topIds, subIds);
        if (!target) {
          problem(`${where} ${own} depends on ${String(value)}, which is not a task of "${tag}"`, dependency);
          continue;
        }
        if (target === own) continue; // Task Master tolerates a task listing itself; it means nothing.
        dependencies.push(ref(target));
      }
      const extra = node.children?.length ? metadataOf(node) : {};
      drafts.push({
        ref: ref(own),
        title: title.trim(),
        description: joinSections([
          [null, textOf(node, 'description')],
          ['Details', textOf(node, 'details')],
          ['Test strategy', textOf(node, 'testStrategy')],
          ['Acceptance criteria', textOf(node, 'acceptanceCriteria')],
        ]),
        status,
        ...(priority && { priority }),
        ...(parentId && { parent: ref(parentId) }),
        dependencies,
        tags: [...new Set([asTag(tag), ...(stringsOf(node, 'tags') ?? []).map(asTag)].filter((item): item is string => item !== undefined))],
        ...(numberOrText(node, 'complexity') !== undefined && { complexity: numberOrText(node, 'complexity')!.slice(0, FIELD_LIMITS.complexity) }),
        ...(numberOrText(node, 'effort') !== undefined && { estimatedEffort: numberOrText(node, 'effort')!.slice(0, FIELD_LIMITS.effort) }),
        ...(Object.keys(extra).length > 0 && { metadata: { taskmaster: extra } }),
        source: { format: 'taskmaster', id: ref(own), status: rawStatus },
      });
      locations.set(ref(own), { file, line: lineAt(node.offset) });
      if (!parentId) for (const subtask of arrayOf(node, 'subtasks') ?? []) read(subtask, id);
    };
    for (const task of tasks.children ?? []) read(task, undefined);
  }
  if (inStatus.size > 0) {
    const listed = [...inStatus].map(([status, count]) => `${count} ${status}`).join(', ');
    notes.push(`${listed} in Task Master: pending here, ready to be claimed (the original status is kept in metadata.source).`);
  }
  if (drafts.length === 0 && problems.length === 0) problems.push({ file, line: 1, message: 'the file holds no tasks' });
  return result();
}

/** "5" from a task is task 5; from a subtask, sibling 5 when there is one. "3.2" is subtask 2 of task 3. */
function resolve(value: string, parentId: string | undefined, topIds: Set<string>, subIds: Map<string, Set<string>>): string | undefined {
  const dotted = /^(\d+|[^.]+)\.(\d+|[^.]+)$/.exec(value);
  if (dotted) return subIds.get(dotted[1]!)?.has(dotted[2]!) ? value : undefined;
  if (parentId && subIds.get(parentId)?.has(value)) return `${parentId}.${value}`;
  return topIds.has(value) ? value : undefined;
}

function property(node: Node, key: string): Node | undefined {
  const pair = node.children?.find((child) => child.type === 'property' && child.children?.[0]?.value === key);
  return pair?.children?.[1];
}

function idOf(node: Node): string | undefined {
  if (node.type !== 'object') return undefined;
  const value = property(node, 'id')?.value as unknown;
  return (typeof value === 'number' && Number.isInteger(value)) || (typeof value === 'string' && value.trim() !== '')
    ? String(value).trim()
    : undefined;
}

function textOf(node: Node, key: string): string | undefined {
  const value = property(node, key)?.value as unknown;
  return typeof value === 'string' ? value : undefined;
}

function numberOrText(node: Node, key: string): string | undefined {
  const value = property(node, key)?.value as unknown;
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

function arrayOf(node: Node, key: string): Node[] | undefined {
  const value = property(node, key);
  return value?.type === 'array' ? (value.children ?? []) : undefined;
}

function stringsOf(node: Node, key: string): string[] | undefined {
  return arrayOf(node, key)?.flatMap((item) => (typeof item.value === 'string' ? [item.value] : []));
}

/** What Task Master keeps that has no field here: kept under metadata.taskmaster so nothing is lost. */
function metadataOf(node: Node): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const key of ['assignee', 'metadata', 'createdAt', 'updatedAt']) {
    const value = property(node, key);
    if (value) kept[key] = nodeValue(value);
  }
  return kept;
}

function nodeValue(node: Node): unknown {
  if (node.type === 'object')
    return Object.fromEntries((node.children ?? []).map((pair) => [String(pair.children?.[0]?.value), nodeValue(pair.children![1]!)]));
  if (node.type === 'array') return (node.children ?? []).map(nodeValue);
  return node.value as unknown;
}
