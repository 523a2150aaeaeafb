import { OrchestratorError } from '../errors.js';
import { isRecord } from './codec.js';

/**
 * The journal, `journal.jsonl`: the changes committed since the snapshot in `store.json`, one line per commit.
 *
 * ```
 * {"base":41}
 * {"rev":42,"ts":"2026-11-29T10:00:00.000Z","header":{...},"set":{"tasks":{"t7":{...}}},"delete":{"tasks":["t3"]}}
 * ```
 *
 * The first line names the revision the journal continues from. Each commit line carries the whole header of
 * the document (it is small) and, per collection, the entries as they are after the change and the keys it
 * removed. A line counts once it is complete (it ends with a line break): a writer killed in the middle of a line
 * leaves a torn tail that readers ignore and the next writer cuts off. Revisions follow each other without gaps;
 * a line whose revision is not the next one is one that lost a race its writer was told about (see
 * DocumentStore) and is skipped.
 */

export interface CommitLine {
  rev: number;
  ts: string;
  header: Record<string, unknown>;
  /** Per collection, the entries after the change. */
  set: Record<string, Record<string, unknown>>;
  /** Per collection, the keys the change removed. */
  delete: Record<string, string[]>;
}

export function journalStart(base: number): string {
  return `${JSON.stringify({ base })}\n`;
}

/**
 * One commit as a journal line. `json` gives each entry's JSON (the store caches it per entry, so a line costs
 * what the change touched).
 */
export function encodeCommit(
  commit: { rev: number; ts: string; header: Record<string, unknown> },
  changes: ReadonlyMap<string, ReadonlyMap<string, unknown>>,
  json: (entry: unknown) => string,
): string {
  const set: string[] = [];
  const removed: string[] = [];
  for (const [collection, entries] of changes) {
    const kept: string[] = [];
    const gone: string[] = [];
    for (const [key, value] of entries) {
      if (value === undefined) gone.push(JSON.stringify(key));
      else kept.push(`${JSON.stringify(key)}:${json(value)}`);
    }
    if (kept.length > 0) set.push(`${JSON.stringify(collection)}:{${kept.join(',')}}`);
    if (gone.length > 0) removed.push(`${JSON.stringify(collection)}:[${gone.join(',')}]`);
  }
  const head = `{"rev":${commit.rev},"ts":${JSON.stringify(commit.ts)},"header":${JSON.stringify(commit.header)}`;
  return `${head},"set":{${set.join(',')}},"delete":{${removed.join(',')}}}\n`;
}

/**
 * Splits journal bytes read from `offset` into complete lines. The first line of the file (offset 0) is the start
 * line; its base is returned. A torn tail (no line break yet) is left out: `complete` is where it begins.
 */
export function readJournal(file: string, bytes: Buffer, offset: number): { base: number | undefined; lines: CommitLine[]; complete: number } {
  const lines: CommitLine[] = [];
  let base: number | undefined;
  let start = 0;
  for (;;) {
    const newline = bytes.indexOf(0x0a, start);
    if (newline === -1) break;
    const text = bytes.toString('utf8', start, newline);
    const at = offset + start;
    start = newline + 1;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw corruptLine(file, at, (error as Error).message);
    }
    if (at === 0) {
      if (!isRecord(parsed) || typeof parsed.base !== 'number') throw corruptLine(file, at, 'the first line does not name the base revision');
      base = parsed.base;
      continue;
    }
    lines.push(checkLine(file, at, parsed));
  }
  return { base, lines, complete: offset + start };
}

function checkLine(file: string, at: number, parsed: unknown): CommitLine {
  if (
    !isRecord(parsed) ||
    typeof parsed.rev !== 'number' ||
    typeof parsed.ts !== 'string' ||
    !isRecord(parsed.header) ||
    !isRecord(parsed.set) ||
    !isRecord(parsed.delete) ||
    !Object.values(parsed.set).every(isRecord) ||
    !Object.values(parsed.delete).every((keys) => Array.isArray(keys) && keys.every((key) => typeof key === 'string'))
  ) {
    throw corruptLine(file, at, 'not a commit line');
  }
  return parsed as unknown as CommitLine;
}

function corruptLine(file: string, offset: number, problem: string): OrchestratorError {
  return new OrchestratorError(`${file} does not read at byte ${offset}: ${problem}. It was not changed.`, {
    code: 'STORE_CORRUPT',
    hint: 'Restore a snapshot with `orchestrator db restore <file>` (snapshots are in the backups folder next to it).',
    details: { file, offset },
  });
}
