import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, mkdirSync, openSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { OrchestratorError } from '../errors.js';

const BOM = '\uFEFF';

/**
 * Reads a file whose bytes must survive a round trip: text that is not valid UTF-8 (a file saved as UTF-16,
 * say) would come back altered, so it is refused rather than edited.
 */
export function readText(file: string): string | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new OrchestratorError(`Cannot read ${file}: ${(error as Error).message}`, { code: 'IO', cause: error });
  }
  const text = bytes.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(bytes)) {
    throw new OrchestratorError(`${file} is not UTF-8 text, so it cannot be edited without changing it.`, {
      code: 'INVALID_INPUT',
      hint: 'Save it as UTF-8 in an editor, then run the command again.',
    });
  }
  return text;
}

/** Splits a byte order mark off, so offsets in the parsed text match, and puts it back on write. */
export function withoutBom(text: string): { body: string; bom: string } {
  return text.startsWith(BOM) ? { body: text.slice(1), bom: BOM } : { body: text, bom: '' };
}

export function sha256(text: string | null): string | null {
  return text === null ? null : createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Writes through a temporary file in the same folder and a rename, so a reader (or a crash) never sees half a
 * file. A symbolic link (dotfile managers use them) is followed, so the link stays a link; the file keeps its
 * permissions.
 */
export function writeTextAtomic(file: string, text: string): void {
  const target = resolveLink(file);
  const dir = path.dirname(target);
  mkdirSync(dir, { recursive: true });
  let mode: number | undefined;
  try {
    mode = statSync(target).mode & 0o7777;
  } catch {
    mode = undefined;
  }
  const temp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(temp, 'wx', mode ?? 0o644);
  try {
    writeSync(fd, text, null, 'utf8');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    if (mode !== undefined) chmodSync(temp, mode);
    renameWithRetry(temp, target);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // Already gone: nothing to clean up.
    }
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
