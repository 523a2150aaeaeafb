import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, realpathSync, rmdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { OrchestratorError } from '../errors.js';
import { durableFromEnv, writeFileDurable } from './durable.js';

/**
 * Artifacts: text kept out of the store and out of an agent's conversation, in
 * `<data dir>/artifacts/<owner>/<artifact id>.md`. The owner is a task id. Names are checked and every path is
 * resolved and checked to stay inside the artifacts folder, so no name can reach a file elsewhere.
 */

export interface StoredArtifact {
  id: string;
  /** Relative to the data directory, with forward slashes. */
  path: string;
  bytes: number;
  createdAt: string;
}

const NAME = /^[A-Za-z0-9._-]{1,64}$/;

export function isArtifactName(name: string): boolean {
  return NAME.test(name) && !/^\.+$/.test(name);
}

/** A new artifact id: time-ordered, with randomness so that two writers never collide. */
export function newArtifactId(now: Date): string {
  return `a${now.getTime().toString(36)}${randomBytes(3).toString('hex')}`;
}

/**
 * Writes an artifact atomically and returns where it is; `id` when copying one. `durable`: the store's setting
 * (ORCHESTRATOR_FSYNC when written outside a store).
 */
export function writeArtifact(
  dataDir: string,
  owner: string,
  content: string,
  now: Date = new Date(),
  options: { id?: string; durable?: boolean } = {},
): StoredArtifact {
  const id = options.id ?? newArtifactId(now);
  const file = artifactFile(dataDir, owner, id, { create: true });
  try {
    writeFileDurable(file, content, { durable: options.durable ?? durableFromEnv() });
  } catch (error) {
    throw new OrchestratorError(`Could not write the artifact ${file}: ${(error as Error).message}`, {
      code: 'IO',
      hint: 'Free disk space or make the data directory writable, then submit the work again.',
      cause: error,
    });
  }
  return { id, path: `artifacts/${owner}/${id}.md`, bytes: Buffer.byteLength(content, 'utf8'), createdAt: now.toISOString() };
}

export function readArtifact(dataDir: string, owner: string, id: string): string {
  const file = artifactFile(dataDir, owner, id);
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new OrchestratorError(`The artifact file ${path.relative(dataDir, file)} is missing.`, {
        code: 'NOT_FOUND',
        hint: 'It may have been deleted by hand; the task still lists it. Run orchestrator doctor to check the data directory.',
      });
    }
    throw error;
  }
}

/** Removes one artifact file, and its folder once empty; a missing file is not an error. */
export function removeArtifact(dataDir: string, owner: string, id: string): void {
  const file = artifactFile(dataDir, owner, id);
  rmSync(file, { force: true });
  try {
    rmdirSync(path.dirname(file));
  } catch {
    // Not empty (other artifacts of the task) or already gone.
  }
}

/** Every artifact in the data directory, by owner and id (for copying a store). */
export function listArtifacts(dataDir: string): Array<{ owner: string; id: string; file: string }> {
  const root = path.join(dataDir, 'artifacts');
  const found: Array<{ owner: string; id: string; file: string }> = [];
  for (const owner of safeList(root)) {
    if (!isArtifactName(owner)) continue;
    for (const name of safeList(path.join(root, owner))) {
      const id = name.endsWith('.md') ? name.slice(0, -3) : '';
      if (isArtifactName(id)) found.push({ owner, id, file: path.join(root, owner, name) });
    }
  }
  return found.sort((a, b) => (a.owner === b.owner ? (a.id < b.id ? -1 : 1) : a.owner < b.owner ? -1 : 1));
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Removes every artifact of an owner (a task that was deleted). */
export function removeArtifacts(dataDir: string, owner: string): void {
  const dir = ownerDir(dataDir, owner);
  rmSync(dir, { recursive: true, force: true });
}

/** The absolute file of an artifact, after checking both names and that the result stays in the artifacts folder. */
export function artifactFile(dataDir: string, owner: string, id: string, options: { create?: boolean } = {}): string {
  if (!isArtifactName(id)) throw badName('artifact id', id);
  const dir = ownerDir(dataDir, owner);
  if (options.create) mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${id}.md`);
  // A symbolic link planted inside the artifacts folder could still point elsewhere: compare real paths.
  const root = realOrSelf(path.join(dataDir, 'artifacts'));
  const parent = realOrSelf(dir);
  if (!isInside(root, parent)) {
    throw new OrchestratorError(`The artifact folder ${dir} leads outside ${root}.`, {
      code: 'FORBIDDEN',
      hint: 'Remove the link that points out of the artifacts folder.',
    });
  }
  return file;
}

function ownerDir(dataDir: string, owner: string): string {
  if (!isArtifactName(owner)) throw badName('task id', owner);
  const root = path.resolve(dataDir, 'artifacts');
  const dir = path.resolve(root, owner);
  if (!isInside(root, dir)) throw badName('task id', owner);
  return dir;
}

function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** The real path of `p`, or of its nearest existing ancestor followed by the rest. */
function realOrSelf(p: string): string {
  const resolved = path.resolve(p);
  try {
    return realpathSync(resolved);
  } catch {
    const parent = path.dirname(resolved);
    return parent === resolved ? resolved : path.join(realOrSelf(parent), path.basename(resolved));
  }
}

function badName(what: string, value: string): OrchestratorError {
  return new OrchestratorError(`"${value}" is not a valid ${what} for an artifact.`, {
    code: 'INVALID_INPUT',
    hint: 'Ids are 1-64 letters, digits, ".", "_" or "-".',
  });
}
