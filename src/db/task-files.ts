import { Document, isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { z } from 'zod';
import { taskSchema, type Task } from '../core/index.js';
import { describeValue } from '../roles/schemas.js';
import { lineOf, nodeAt, pathLabel } from '../roles/yaml-lines.js';

// One Markdown file per task, for a folder a team commits: YAML front matter with the task's fields (the same
// names as everywhere else), and the description as the body. The same store always gives the same bytes, and
// reading the files back gives the same tasks.

/** The order of the front matter: what a reviewer looks at first comes first. */
const FIELD_ORDER = [
  'id',
  'title',
  'status',
  'parentId',
  'role',
  'priority',
  'dependencies',
  'tags',
  'complexity',
  'estimatedEffort',
  'assignee',
  'lease',
  'attempts',
  'maxAttempts',
  'cancelReason',
  'createdAt',
  'updatedAt',
  'startedAt',
  'completedAt',
  'artifacts',
  'metadata',
  'summary',
  'result',
  'error',
] as const satisfies ReadonlyArray<keyof Task>;

/** Fields left out of the file when empty; reading fills them in again. */
const EMPTY: Partial<Record<keyof Task, unknown>> = {
  parentId: null,
  role: null,
  dependencies: [],
  tags: [],
  complexity: null,
  estimatedEffort: null,
  assignee: null,
  lease: null,
  cancelReason: null,
  startedAt: null,
  completedAt: null,
  artifacts: [],
  metadata: {},
  summary: null,
  result: null,
  error: null,
};

/** The file name of a task's file. Task ids are letters, digits, ".", "_" and "-", so they are safe file names. */
export function taskFileName(id: string): string {
  return `${id}.md`;
}

/**
 * The description goes in the body when it reads back exactly: no carriage returns, and no space at either end
 * (the body is separated from the front matter by one blank line and ends with one newline). Otherwise it is a
 * front-matter field, where YAML keeps every character.
 */
function bodyHolds(description: string): boolean {
  return description !== '' && !description.includes('\r') && description === description.trim();
}

export function renderTaskFile(task: Task): string {
  const fields: Record<string, unknown> = {};
  for (const key of FIELD_ORDER) {
    const value = task[key];
    if (key in EMPTY && JSON.stringify(value) === JSON.stringify(EMPTY[key])) continue;
    fields[key] = value;
  }
  const inBody = bodyHolds(task.description);
  if (!inBody && task.description !== '') fields.description = task.description;
  const doc = new Document(fields);
  // Short lists read best on one line: `dependencies: [t3, t4]`.
  for (const key of ['dependencies', 'tags']) {
    const node = doc.get(key, true);
    if (isSeq(node)) node.flow = true;
  }
  const front = doc.toString({ lineWidth: 0, flowCollectionPadding: false });
  return `---\n${front}---\n${inBody ? `\n${task.description}\n` : ''}`;
}

export interface TaskFileProblem {
  file: string;
  line?: number;
  message: string;
}

/** The front matter and body of a Markdown file, or undefined when it has no front matter. */
export function splitFrontMatter(text: string): { front: string; body: string; bodyLine: number } | undefined {
  const normalized = text.replace(/^\uFEFF/, '');
  const match = /^---[ \t]*\r?\n/.exec(normalized);
  if (!match) return undefined;
  const rest = normalized.slice(match[0].length);
  const close = /^---[ \t]*(?:\r?\n|$)/m.exec(rest);
  if (!close) return undefined;
  const front = rest.slice(0, close.index);
  const body = rest.slice(close.index + close[0].length);
  return { front, body, bodyLine: front.split('\n').length + 2 };
}

/** Reads a task file back into the task it was written from; every problem at its line. */
export function parseTaskFile(text: string, file: string): { task?: Task; problems: TaskFileProblem[] } {
  const problems: TaskFileProblem[] = [];
  const problem = (message: string, line?: number) => problems.push({ file, ...(line !== undefined && { line }), message });
  const parts = splitFrontMatter(text);
  if (!parts) {
    problem('expected front matter between two "---" lines at the top');
    return { problems };
  }
  const lines = new LineCounter();
  const doc = parseDocument(parts.front, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  // Lines of the front matter start on line 2 of the file.
  const at = (node: Node | null | undefined) => {
    const line = lineOf(lines, node);
    return line === undefined ? undefined : line + 1;
  };
  if (doc.errors.length > 0) {
    for (const error of doc.errors) problem(error.message, lines.linePos(error.pos[0]).line + 1);
    return { problems };
  }
  const data = doc.toJS({ maxAliasCount: 100 }) as unknown;
  if (!isMap(doc.contents) || data === null || typeof data !== 'object' || Array.isArray(data)) {
    problem(`expected the task's fields in the front matter, got ${describeValue(data)}`, 2);
    return { problems };
  }
  const fields = data as Record<string, unknown>;
  const body = parts.body.replace(/^\r?\n/, '').replace(/\r?\n$/, '');
  if (fields.description !== undefined && body.trim() !== '') {
    problem('the description is given twice: in the front matter and as the text below it; keep one', parts.bodyLine);
  }
  const record = { ...EMPTY, description: fields.description ?? body, ...fields };
  const parsed = taskSchema.strict().safeParse(record);
  if (!parsed.success) {
    for (const issue of parsed.error.issues as z.core.$ZodIssue[]) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys)
          problem(`${key}: unknown field; the fields are ${[...FIELD_ORDER, 'description'].join(', ')}`, at(nodeAt(doc.contents, [key])));
        continue;
      }
      const node = nodeAt(doc.contents, issue.path);
      const missing = issue.path.length === 1 && !Object.hasOwn(record, issue.path[0] as string);
      problem(`${pathLabel('', issue.path) || 'task'}: ${missing ? 'is missing' : issue.message}`, node === doc.contents ? 2 : at(node));
    }
    return { problems };
  }
  return { task: parsed.data, problems };
}

/** Whether a Markdown file is one of these task files: front matter that starts with `id:` and names a status. */
export function looksLikeTaskFile(text: string): boolean {
  const parts = splitFrontMatter(text);
  return (
    parts !== undefined &&
    /^id:\s*\S/.test(parts.front) &&
    /^status:\s*(pending|in_progress|completed|failed|cancelled)\s*$/m.test(parts.front) &&
    /^createdAt:/m.test(parts.front)
  );
}
