import type { CommandRecord, RunAction } from './backups.js';
import type { ClientId, Scope } from './clients/index.js';
import type { ServerSpec } from './entry.js';
import type { Creation, FormatId } from './formats/index.js';
import type { ShapeId } from './shapes.js';

// A plan is data: which files change from what text to what text, and which commands run. `--dry-run` prints
// it; apply.ts carries it out. Nothing here touches the disk.

/**
 * add / update / remove / restore: a change to make; unchanged / absent: nothing to do; skip: the file cannot
 * be edited safely (or the client has no such scope), and the run will say so in its exit code.
 */
export type ItemStatus = 'add' | 'update' | 'unchanged' | 'remove' | 'absent' | 'restore' | 'skip';

export interface Problem {
  file: string;
  message: string;
  line?: number;
  column?: number;
}

/** How apply redoes an edit on a file that changed between planning and writing (Claude Code's files do). */
export type Redo = { op: 'set'; entry: Record<string, unknown> } | { op: 'delete'; creation: Creation | null };

export interface PlanItem {
  client: ClientId;
  scope: Scope;
  variant: string | null;
  /** null for an item that stands for a whole client with nothing to change. */
  file: string | null;
  section: string[];
  shape: ShapeId;
  format: FormatId;
  via: 'file' | 'claude-cli';
  status: ItemStatus;
  /** One sentence for people: why skipped, what is there. */
  reason?: string;
  problem?: Problem;
  /** The whole file now and after the change (null: missing / deleted). Equal for claude-cli items. */
  before: string | null;
  after: string | null;
  locked: boolean;
  created?: Creation | null;
  commands: CommandRecord[];
  /** Commands that reverse `commands`, recorded in the manifest for rollback. */
  undo: CommandRecord[];
  /** Run after `commands` to confirm the result; a failure is reported, not fatal. */
  confirm?: CommandRecord;
  entryBefore?: unknown;
  entryAfter?: unknown;
  redo?: Redo;
  /** Things found while planning that the user should know (a duplicate entry elsewhere). */
  warnings?: string[];
  /** For a rollback: the entries of the run being undone that this item puts back (indexes into its manifest). */
  restores?: number[];
  /** Permission bits for a file this item creates (a rollback re-creating a deleted file). */
  mode?: number | null;
}

export interface Plan {
  action: RunAction;
  name: string;
  server: ServerSpec | null;
  items: PlanItem[];
  /** For a rollback: the run being undone. */
  restores?: string;
}

const CHANGES: ReadonlySet<ItemStatus> = new Set(['add', 'update', 'remove', 'restore']);

export function isChange(item: PlanItem): boolean {
  return CHANGES.has(item.status);
}

export function skipped(plan: Plan): PlanItem[] {
  return plan.items.filter((item) => item.status === 'skip');
}

/** An item with nothing to change, standing for a client (or one of its files). */
export function noteItem(client: ClientId, scope: Scope, status: 'absent' | 'skip', reason: string, problem?: Problem): PlanItem {
  return {
    client,
    scope,
    variant: null,
    file: problem?.file ?? null,
    section: [],
    // Nothing is read or written for such an item.
    shape: 'command',
    format: 'json',
    via: 'file',
    status,
    reason,
    ...(problem && { problem }),
    before: null,
    after: null,
    locked: false,
    commands: [],
    undo: [],
  };
}
