import { isOrchestratorError } from '../errors.js';
import type { CommandRecord } from './backups.js';
import type { ClientDescriptor, ConfigLocation, Scope } from './clients/index.js';
import { readText, withoutBom } from './files.js';
import { ConfigParseError } from './formats/index.js';
import type { ItemStatus, PlanItem, Problem } from './plan.js';

/**
 * The texts of files as the plan leaves them, so that two items on one file (Claude Code's user and local
 * scopes both live in .claude.json) chain: the second starts from the first's result.
 */
export class PlannedFiles {
  private readonly texts = new Map<string, string | null>();

  /** The text the next change to `file` starts from. Throws for a file that cannot be read exactly. */
  current(file: string): string | null {
    if (!this.texts.has(file)) this.texts.set(file, readText(file));
    return this.texts.get(file)!;
  }

  set(file: string, text: string | null): void {
    this.texts.set(file, text);
  }
}

/**
 * Runs `edit` on the file's text without its byte order mark, and puts the mark back. A file that cannot be
 * read or parsed becomes a skipped item that names the file, line and column.
 */
export function planEdit(files: PlannedFiles, location: ConfigLocation, edit: (body: string | null) => EditResult): PlanItem {
  const base = itemBase(location);
  let before: string | null;
  try {
    before = files.current(location.file);
  } catch (error) {
    if (!isOrchestratorError(error)) throw error;
    return skip(base, { file: location.file, message: error.message }, error.message);
  }
  const { body, bom } = before === null ? { body: null, bom: '' } : withoutBom(before);
  try {
    const { after, ...rest } = edit(body);
    const text = after === undefined ? before : after === null ? null : bom + after;
    files.set(location.file, text);
    return { ...base, via: 'file', commands: [], undo: [], ...rest, before, after: text };
  } catch (error) {
    if (!(error instanceof ConfigParseError)) throw error;
    const problem: Problem = { file: location.file, ...error.problem };
    return skip(base, problem, `does not parse: ${error.problem.message} at line ${error.problem.line}, column ${error.problem.column}`, before);
  }
}

type ItemBase = Pick<PlanItem, 'client' | 'scope' | 'variant' | 'file' | 'section' | 'shape' | 'format' | 'locked'>;

/** What an edit decides; `after` is the new text without byte order mark, undefined for "no change". */
export type EditResult = Partial<Omit<PlanItem, keyof ItemBase | 'before' | 'after'>> & { status: ItemStatus; after?: string | null };

function itemBase(location: ConfigLocation): ItemBase {
  return {
    client: location.client,
    scope: location.scope,
    variant: location.variant,
    file: location.file,
    section: location.section,
    shape: location.shape,
    format: location.format,
    locked: location.locked,
  };
}

function skip(base: ItemBase, problem: Problem, reason: string, before: string | null = null): PlanItem {
  return { ...base, via: 'file', status: 'skip', reason, problem, before, after: before, commands: [], undo: [] };
}

/** `claude mcp …` commands, run in the project so that local and project scopes mean this project. */
export function claudeCommand(binary: string, cwd: string, args: string[]): CommandRecord {
  return { command: binary, args: ['mcp', ...args], cwd };
}

export function claudeAdd(binary: string, cwd: string, name: string, entry: unknown, scope: Scope): CommandRecord {
  return claudeCommand(binary, cwd, ['add-json', name, JSON.stringify(entry), '--scope', scope]);
}

export function claudeRemove(binary: string, cwd: string, name: string, scope: Scope): CommandRecord {
  return claudeCommand(binary, cwd, ['remove', name, '--scope', scope]);
}

export function scopeSupported(client: ClientDescriptor, scope: Scope): boolean {
  return client.scopes.includes(scope);
}
