import { randomBytes } from 'node:crypto';
import {
  appendFileSync,
  chmodSync,
  closeSync,
  fdatasyncSync,
  fsyncSync,
  mkdirSync,
  openSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { OrchestratorError } from '../errors.js';

/**
 * Whether writes wait for the disk. On by default: a change is acknowledged only once it would survive a power
 * loss. `ORCHESTRATOR_FSYNC=0` trades that for speed on machines where losing the last changes is acceptable.
 */
export function durableFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.ORCHESTRATOR_FSYNC !== '0' && env.ORCHESTRATOR_FSYNC !== 'false';
}

export interface WriteOptions {
  /** fsync the file before the rename and the folder after it (default true). */
  durable?: boolean;
  /** The mode of a new file; an existing file keeps its own. */
  mode?: number;
  /**
   * Runs once the new content is on disk, just before it replaces the file; throwing leaves the file as it was
   * (the installer checks here that nobody edited the file since it read it, leaving only the rename as a window).
   */
  beforeReplace?: () => void;
}

/**
 * Replaces `file` with `data` atomically, the one way whole files are written: a temporary file of this writer's
 * own in the same folder (named after the process and a random token, so concurrent writers never share one),
 * flushed to disk, renamed over the file, and the folder flushed so that the rename itself survives a power loss.
 * Readers see the old file or the new one, never a mix. A symbolic link is followed, so the link stays a link
 * (dotfile managers use them); an existing file keeps its permissions. Errors are the file system's; the temporary
 * file is removed.
 */
export function writeFileDurable(file: string, data: string | Buffer, options: WriteOptions = {}): void {
  const durable = options.durable ?? true;
  const target = followLink(file);
  const dir = path.dirname(target);
  mkdirSync(dir, { recursive: true });
  const mode = modeOf(target) ?? options.mode;
  const temp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const fd = openSync(temp, 'wx', mode ?? 0o644);
    try {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      for (let written = 0; written < bytes.length;) written += writeSync(fd, bytes, written, bytes.length - written);
      if (durable) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    // The mode given to open is filtered by the umask; a private file must stay private.
    if (mode !== undefined) chmodSync(temp, mode);
    options.beforeReplace?.();
    renameWithRetry(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  if (durable) syncDirectory(dir);
}

function followLink(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

function modeOf(file: string): number | undefined {
  try {
    return statSync(file).mode & 0o7777;
  } catch {
    return undefined;
  }
}

/**
 * On Windows a rename fails while another program (an editor, a virus scanner) has the file open for a moment;
 * a few short retries get past that. Bounded: about half a second in all.
 */
function renameWithRetry(from: string, to: string): void {
  for (let attempt = 0; ; attempt++) {
    try {
      renameSync(from, to);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (attempt >= 5 || (code !== 'EPERM' && code !== 'EACCES' && code !== 'EBUSY')) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    }
  }
}

/** Flushes a folder's entries (a rename, a new file) to disk. Not possible on Windows, where renames are durable. */
function syncDirectory(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Appends `text` to `file` (made, with its folder, when missing) and, when `durable`, waits for the disk. */
export function appendFileDurable(file: string, text: string, durable: boolean): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const fd = openSync(file, 'a');
  try {
    appendFileSync(fd, text);
    syncData(fd, durable);
  } finally {
    closeSync(fd);
  }
}

/** Flushes a file's data written through `fd`. */
export function syncData(fd: number, durable: boolean): void {
  if (durable) fdatasyncSync(fd);
}

/**
 * Runs the writing part of a change. A file-system failure (a full disk, a read-only directory) becomes an
 * error that says the committed store is intact: nothing counts until its journal line or snapshot is whole.
 */
export function withIoErrors<R>(file: string, write: () => R): R {
  try {
    return write();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Not a file-system error (ours, or a fence that broke): as it is.
    if (error instanceof OrchestratorError || typeof code !== 'string') throw error;
    const where = (error as NodeJS.ErrnoException).path ?? file;
    const denied = code === 'EACCES' || code === 'EPERM' || code === 'EROFS';
    const full = code === 'ENOSPC' || code === 'EDQUOT' || code === 'EFBIG';
    const hint = denied
      ? `This user may not write ${path.dirname(file)}: make it writable, or point --data-dir elsewhere. Nothing was changed.`
      : full
        ? "The disk (or this process's file size limit) is full: free some space, then retry. Nothing was changed; the store is intact."
        : 'The change was not written; the store as committed before is intact.';
    throw new OrchestratorError(
      `Could not write ${where}: ${denied ? 'permission denied' : full ? `no space left for it (${code})` : (error as Error).message}.`,
      {
        code: 'IO',
        hint,
        cause: error,
        details: { errno: code },
      },
    );
  }
}
