import { createHash } from 'node:crypto';
import { readFileSync, realpathSync, statSync, unlinkSync, type BigIntStats } from 'node:fs';
import { isOrchestratorError, OrchestratorError } from '../errors.js';
import { writeFileDurable } from '../store/durable.js';

const BOM = '\uFEFF';

/** A file as read: its text, and what identifies that version of it (null text: the file did not exist). */
export interface Snapshot {
  text: string | null;
  /** size, mtime (ns), inode; null when the file did not exist. */
  stamp: string | null;
  /** Permission bits, so a backup or a restored file gets the same. */
  mode: number | null;
}

/** How often, and how long apart, an existing file that reads empty is read again (editors truncate, then write). */
const EMPTY_REREADS = 10;
const EMPTY_REREAD_MS = 50;

/**
 * Reads a file whose bytes must survive a round trip: text that is not valid UTF-8 (a file saved as UTF-16,
 * say) would come back altered, so it is refused rather than edited. An existing file that reads empty may be
 * caught between another program's truncate and write: it is read again a few times before it is believed.
 */
export function readSnapshot(file: string): Snapshot {
  for (let attempt = 0; ; attempt++) {
    const snapshot = readOnce(file);
    if (snapshot.text !== '' || attempt >= EMPTY_REREADS) return snapshot;
    sleep(EMPTY_REREAD_MS);
  }
}

/**
 * A file's text for looking at (planning, the clients survey, rollback's comparison): read once. An empty file is
 * taken as it is; only the read before a write (`readSnapshot`) waits out another program's truncate and write.
 */
export function readText(file: string): string | null {
  return readOnce(file).text;
}

function readOnce(file: string): Snapshot {
  let bytes: Buffer;
  let stats: BigIntStats;
  try {
    stats = statSync(file, { bigint: true });
    bytes = readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { text: null, stamp: null, mode: null };
    throw new OrchestratorError(`Cannot read ${file}: ${(error as Error).message}`, { code: 'IO', cause: error });
  }
  const text = decode(file, bytes);
  return { text, stamp: `${stats.size}:${stats.mtimeNs}:${stats.ino}`, mode: Number(stats.mode & 0o7777n) };
}

function decode(file: string, bytes: Buffer): string {
  const text = bytes.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(bytes)) {
    throw new OrchestratorError(`${file} is not UTF-8 text, so it cannot be edited without changing it.`, {
      code: 'INVALID_INPUT',
      hint: 'Save it as UTF-8 in an editor, then run the command again.',
    });
  }
  return text;
}

/** Thrown when a file changed between the read an edit was based on and the moment of replacing it. */
export class ChangedMeanwhile extends Error {
  constructor(readonly file: string) {
    super(`${file} changed while it was being written`);
    this.name = 'ChangedMeanwhile';
  }
}

/**
 * Replaces `file` with `text` (or deletes it, for null) only if it is still the version `base` describes. The new
 * text is written to a temporary file first; just before the rename the file is read again and compared (size,
 * mtime, inode and content), so another program's write since `base` is never overwritten: ChangedMeanwhile is
 * thrown instead and the temporary file removed. The window left is the rename itself.
 */
export function replaceIfUnchanged(file: string, text: string | null, base: Snapshot, mode?: number): void {
  const unchanged = () => {
    const now = readOnce(file);
    return now.stamp === base.stamp && now.text === base.text;
  };
  if (text === null) {
    if (!unchanged()) throw new ChangedMeanwhile(file);
    removeFile(file);
    return;
  }
  writeTextAtomic(file, text, {
    ...(mode !== undefined && { mode }),
    before: () => {
      if (!unchanged()) throw new ChangedMeanwhile(file);
    },
  });
}

/** Splits a byte order mark off, so offsets in the parsed text match, and puts it back on write. */
export function withoutBom(text: string): { body: string; bom: string } {
  return text.startsWith(BOM) ? { body: text.slice(1), bom: BOM } : { body: text, bom: '' };
}

export function sha256(text: string | null): string | null {
  return text === null ? null : createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Writes the file atomically and durably (see writeFileDurable); errors say which file. */
export function writeTextAtomic(file: string, text: string, options: { mode?: number; before?: () => void } = {}): void {
  try {
    writeFileDurable(file, text, {
      ...(options.mode !== undefined && { mode: options.mode }),
      ...(options.before && { beforeReplace: options.before }),
    });
  } catch (error) {
    if (error instanceof ChangedMeanwhile || isOrchestratorError(error)) throw error;
    throw new OrchestratorError(`Cannot write ${file}: ${(error as Error).message}`, { code: 'IO', cause: error });
  }
}

export function removeFile(file: string): void {
  try {
    unlinkSync(resolveLink(file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new OrchestratorError(`Cannot delete ${file}: ${(error as Error).message}`, { code: 'IO', cause: error });
    }
  }
}

/** Writes `text`, or deletes the file when `text` is null. */
export function putText(file: string, text: string | null): void {
  if (text === null) removeFile(file);
  else writeTextAtomic(file, text);
}

function resolveLink(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

/** A short synchronous pause: file edits here are synchronous, and these waits are bounded. */
function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
