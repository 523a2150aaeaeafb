import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import type { Task, TaskService, TaskView, UpdateTaskInput } from '../../core/index.js';
import { OrchestratorError, isOrchestratorError } from '../../errors.js';
import { canPrompt, confirm } from '../../ui/prompts.js';

/** The fields `tasks edit` shows, as YAML keys in the order shown, and the task field each one is. */
const FIELD_OF = {
  title: 'title',
  description: 'description',
  priority: 'priority',
  role: 'role',
  parent: 'parentId',
  dependencies: 'dependencies',
  tags: 'tags',
  complexity: 'complexity',
  effort: 'estimatedEffort',
} as const satisfies Record<string, keyof Task & keyof UpdateTaskInput>;
type Key = keyof typeof FIELD_OF;
type Editable = Record<Key, unknown>;
const FIELDS = Object.keys(FIELD_OF) as Key[];
/** A task field's key in the file ("parentId" is "parent"). */
const KEY_OF: Record<string, Key> = Object.fromEntries(FIELDS.map((key) => [FIELD_OF[key], key]));

/** How many times a person is offered to fix a file that was refused before the command gives up. */
const MAX_ROUNDS = 5;

function editable(task: Task): Editable {
  return Object.fromEntries(FIELDS.map((key) => [key, task[FIELD_OF[key]]])) as Editable;
}

function render(task: Task): string {
  const head = [
    `# Task ${task.id}. Save and close to apply; save it unchanged (or empty) to change nothing.`,
    '# priority: urgent, high, normal or low. role, parent, complexity, effort: null for none.',
  ];
  return `${head.join('\n')}\n${stringify(editable(task), { lineWidth: 0 })}`;
}

/** The update a saved file asks for: only the fields whose value changed. Throws for a file that is not a task. */
function changesFrom(task: Task, text: string): UpdateTaskInput | null {
  if (text.replace(/^#.*$/gm, '').trim() === '') return null;
  let parsed: unknown;
  try {
    parsed = parse(text);
  } catch (error) {
    throw new OrchestratorError(`The file is not valid YAML: ${(error as Error).message.split('\n')[0]}`, { code: 'INVALID_INPUT' });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new OrchestratorError('The file should hold the task\'s fields ("title: ..."), one per line.', { code: 'INVALID_INPUT' });
  }
  const unknown = Object.keys(parsed).filter((key) => !Object.hasOwn(FIELD_OF, key));
  if (unknown.length > 0) {
    throw new OrchestratorError(`Unknown field${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; the fields are ${FIELDS.join(', ')}.`, {
      code: 'INVALID_INPUT',
    });
  }
  const before = editable(task);
  const after = parsed as Partial<Editable>;
  const changed = (key: Key) => key in after && JSON.stringify(after[key]) !== JSON.stringify(before[key]);
  const patch: Record<string, unknown> = {};
  for (const key of FIELDS) {
    if (!changed(key)) continue;
    const value = after[key];
    // YAML reads an emptied line as null, and a description as a string even when it looks like a number.
    patch[FIELD_OF[key]] = key === 'description' && value === null ? '' : typeof value === 'number' ? String(value) : value;
  }
  return Object.keys(patch).length === 0 ? null : (patch as UpdateTaskInput);
}

function runEditor(file: string): void {
  const editor = process.env.VISUAL || process.env.EDITOR || (process.platform === 'win32' ? 'notepad' : 'vi');
  // The variable may carry arguments ("code --wait"); a shell would also expand anything else in it.
  const [command, ...args] = editor.trim().split(/\s+/);
  const result = spawnSync(command!, [...args, file], { stdio: 'inherit' });
  if (result.error || result.status !== 0) {
    throw new OrchestratorError(
      `The editor "${editor}" did not finish cleanly${result.error ? `: ${result.error.message}` : ` (exit ${result.status})`}.`,
      {
        code: 'IO',
        hint: 'Set $VISUAL or $EDITOR to an editor that waits until you close the file (e.g. "code --wait", "nano", "vim").',
      },
    );
  }
}

/**
 * Opens a task in the person's editor as YAML and applies what they saved through the same update (and the
 * same validation) as `tasks update`. A file that is refused is offered again with the reason at the top, when
 * there is a terminal to ask on; the task stays as it was until a file is accepted. Returns null for no change.
 */
export async function editTask(service: TaskService, id: string, options: { actor: string }): Promise<TaskView | null> {
  const task = (await service.get(id)).task;
  const dir = mkdtempSync(path.join(tmpdir(), 'orchestrator-edit-'));
  const file = path.join(dir, `${id}.yaml`);
  try {
    let text = render(task);
    for (let round = 1; ; round++) {
      writeFileSync(file, text);
      runEditor(file);
      const saved = readFileSync(file, 'utf8');
      try {
        const patch = changesFrom(task, saved);
        return patch ? await service.update(id, patch, options.actor).catch((refused: unknown) => Promise.reject(inFileTerms(refused))) : null;
      } catch (error) {
        if (!isOrchestratorError(error) || round >= MAX_ROUNDS || !canPrompt()) throw error;
        if (!(await confirm(`${error.message} Edit it again?`, { flag: '--yes', default: true }))) throw error;
        text = withProblem(error.message, saved);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The person's own text again, with the reason it was refused on top, so their edits are not lost. */
function withProblem(problem: string, saved: string): string {
  const body = saved.replace(/^#.*\n/gm, '');
  return `# Not saved: ${problem}\n# Fix it and save again (or empty the file to change nothing).\n${body}`;
}

/** A refusal that names a core field ("parentId") names the line of the file instead ("parent"). */
function inFileTerms(error: unknown): unknown {
  if (!isOrchestratorError(error) || error.code !== 'INVALID_INPUT') return error;
  const first = (error.details?.issues as Array<{ path?: PropertyKey[]; message?: string }> | undefined)?.[0];
  const field = first?.path?.[0];
  if (typeof field !== 'string') return error;
  return new OrchestratorError(`Invalid ${KEY_OF[field] ?? field}: ${(first?.message ?? 'invalid value').replace(/\.$/, '')}.`, {
    code: 'INVALID_INPUT',
    cause: error,
  });
}
