import { LineCounter, parseDocument, type Node } from 'yaml';
import { FIELD_LIMITS, type Priority, type TaskDraft } from '../../core/index.js';
import { describeValue } from '../../roles/schemas.js';
import { lineOf, nodeAt } from '../../roles/yaml-lines.js';
import { splitFrontMatter } from '../task-files.js';
import { asTag, type ImportProblem, type ReadResult, type RefLocations } from './types.js';

// Backlog.md keeps one Markdown file per task (backlog/tasks/, and backlog/completed/ once done): YAML front
// matter with id, title, status ("To Do", "In Progress", "Done" unless configured otherwise), assignee, labels,
// dependencies, parent_task_id, priority (high, medium, low) and dates; the body holds the description,
// acceptance criteria and notes as Markdown sections, some wrapped in <!-- ... --> markers.

const PRIORITIES: Record<string, Priority> = { low: 'low', medium: 'normal', high: 'high' };

interface BacklogTask {
  id: string;
  file: string;
  line: number;
  fields: Record<string, unknown>;
  body: string;
  /** The line of each front-matter key, for problems about references. */
  lineOf: (key: string, index?: number) => number;
  completedFolder: boolean;
}

/** Reads Backlog.md task files; `completed` names the files that were in the completed/ folder. */
export function readBacklog(files: ReadonlyArray<{ file: string; text: string; completed: boolean }>): ReadResult {
  const problems: ImportProblem[] = [];
  const tasks: BacklogTask[] = [];
  for (const { file, text, completed } of files) {
    const parts = splitFrontMatter(text);
    if (!parts) {
      problems.push({ file, line: 1, message: 'expected front matter between two "---" lines at the top (a Backlog.md task file)' });
      continue;
    }
    const lines = new LineCounter();
    const doc = parseDocument(quoteMentions(parts.front), { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    if (doc.errors.length > 0) {
      for (const error of doc.errors) problems.push({ file, line: lines.linePos(error.pos[0]).line + 1, message: error.message });
      continue;
    }
    const fields = doc.toJS({ maxAliasCount: 100 }) as unknown;
    if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) {
      problems.push({ file, line: 2, message: `expected the task's fields in the front matter, got ${describeValue(fields)}` });
      continue;
    }
    const record = fields as Record<string, unknown>;
    const keyLine = (key: string, index?: number) =>
      (lineOf(lines, nodeAt(doc.contents as Node, index === undefined ? [key] : [key, index])) ?? 1) + 1;
    const id = typeof record.id === 'string' || typeof record.id === 'number' ? String(record.id).trim() : '';
    if (id === '') {
      problems.push({ file, line: 2, message: 'id is missing (Backlog.md task files start with "id: task-1")' });
      continue;
    }
    tasks.push({ id: normalizeId(id), file, line: keyLine('id'), fields: record, body: parts.body, lineOf: keyLine, completedFolder: completed });
  }

  const byId = new Map<string, BacklogTask>();
  for (const task of tasks) {
    const other = byId.get(task.id);
    if (other) problems.push({ file: task.file, line: task.line, message: `id ${task.id} is also the id of ${other.file}` });
    else byId.set(task.id, task);
  }
  // Dependencies are written "task-12" or just "12"; the prefix is the one the ids of the backlog share.
  const prefix = commonPrefix([...byId.keys()]);
  const find = (reference: string) => {
    const id = normalizeId(reference);
    return byId.has(id) ? id : prefix && byId.has(`${prefix}${id}`) ? `${prefix}${id}` : undefined;
  };

  const locations: RefLocations = new Map();
  const drafts: TaskDraft[] = [];
  for (const task of byId.values()) {
    const { fields, file } = task;
    const at = (key: string, index?: number) => task.lineOf(key, index);
    const title = typeof fields.title === 'string' ? fields.title.trim() : '';
    if (title === '') {
      problems.push({ file, line: at('title'), message: `${task.id}: title is missing or empty` });
      continue;
    }
    if (title.length > FIELD_LIMITS.title)
      problems.push({ file, line: at('title'), message: `${task.id}: the title is longer than ${FIELD_LIMITS.title} characters` });
    const rawStatus = typeof fields.status === 'string' ? fields.status.trim() : task.completedFolder ? 'Done' : 'To Do';
    const rawPriority = typeof fields.priority === 'string' ? fields.priority.trim().toLowerCase() : undefined;
    const priority = rawPriority === undefined || rawPriority === '' ? undefined : PRIORITIES[rawPriority];
    if (rawPriority && !priority)
      problems.push({
        file,
        line: at('priority'),
        message: `${task.id}: unknown priority "${fields.priority as string}"; expected high, medium or low`,
      });
    const references = (key: string): string[] => {
      const value = fields[key];
      const list = Array.isArray(value) ? value : value === undefined || value === null || value === '' ? [] : [value];
      return list.flatMap((item, index) => {
        const found = typeof item === 'string' || typeof item === 'number' ? find(String(item)) : undefined;
        if (!found)
          problems.push({
            file,
            line: at(key, Array.isArray(value) ? index : undefined),
            message: `${task.id}: ${key} names ${String(item)}, which is not among the task files read`,
          });
        return found ? [found] : [];
      });
    };
    const dependencies = references('dependencies').filter((id) => id !== task.id);
    const [parent] = references(fields.parent_task_id !== undefined ? 'parent_task_id' : 'parent');
    const labels = Array.isArray(fields.labels) ? fields.labels.map(String) : [];
    const kept = Object.fromEntries(
      ['assignee', 'reporter', 'milestone', 'created_date', 'updated_date', 'due_date', 'ordinal', 'type'].flatMap((key) =>
        fields[key] === undefined ? [] : [[key, fields[key]]],
      ),
    );
    const description = describeBody(task.body);
    drafts.push({
      ref: task.id,
      title: title.slice(0, FIELD_LIMITS.title),
      ...(description !== '' && { description }),
      status: statusOf(rawStatus, task.completedFolder),
      ...(priority && { priority }),
      ...(parent && parent !== task.id && { parent }),
      dependencies,
      tags: [...new Set(labels.map(asTag).filter((tag): tag is string => tag !== undefined))],
      ...(Object.keys(kept).length > 0 && { metadata: { backlog: kept } }),
      source: { format: 'backlog', id: task.id, status: rawStatus },
    });
    locations.set(task.id, { file, line: task.line });
  }
  if (files.length === 0) problems.push({ file: '.', message: 'no Backlog.md task files found (backlog/tasks/*.md)' });
  return { kind: 'drafts', drafts, locations, files: files.map((entry) => entry.file), problems, notes: [] };
}

/** Statuses are configurable in Backlog.md: "Done" (or a file in completed/) is completed, anything cancelled is cancelled. */
function statusOf(status: string, completedFolder: boolean): 'pending' | 'completed' | 'cancelled' {
  if (/cancel|won'?t ?do|dropped/i.test(status)) return 'cancelled';
  if (completedFolder || /^(done|completed?|finished|closed)$/i.test(status)) return 'completed';
  return 'pending';
}

/** Backlog.md ids compare without regard to case ("TASK-7" and "task-7" are one task). */
function normalizeId(id: string): string {
  return id.trim().toLowerCase();
}

function commonPrefix(ids: readonly string[]): string | undefined {
  const prefixes = new Set(ids.map((id) => /^([a-z]+-)\d/.exec(id)?.[1]));
  const [only] = prefixes;
  return prefixes.size === 1 && only ? only : undefined;
}

/** The body as a description: the section markers Backlog.md adds are for its own editor, not for people. */
function describeBody(body: string): string {
  return body
    .replace(/\r\n/g, '\n')
    .replace(/^[ \t]*<!--\s*(?:SECTION:[A-Z0-9_]+|AC|DOD|COMMENTS?):(?:BEGIN|END)\s*-->[ \t]*\n?/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * `assignee: @alice` is how people write it, but "@" cannot start a plain YAML value; Backlog.md quotes these
 * before parsing, and so do we (only for values that start with "@").
 */
function quoteMentions(front: string): string {
  return front.replace(
    /^(\s*(?:[A-Za-z_]+:|-)[ \t]+)(@[^\s#][^#\n]*?)[ \t]*$/gm,
    (_all, lead: string, value: string) => `${lead}"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`,
  );
}
