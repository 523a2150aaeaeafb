import { mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument, type Document } from 'yaml';
import { OrchestratorError } from '../errors.js';
import { writeFileDurable } from '../store/durable.js';
import { acquireFileLock, lockSettingsFromEnv, type LockSettings } from '../store/lock.js';
import type { RoleFolder } from './catalog.js';
import { EXAMPLE_FILE_NAME, EXAMPLE_ROLES_YAML } from './example.js';
import { parseRoleFile, type ParsedRoleFile } from './parse-file.js';
import { readRoleFolder } from './role-files.js';
import type { Role } from './types.js';
import { documentText, formatOfDocument, removeRoleFromMap, setRoleInMap, setSingleRole, type RoleFieldValues } from './yaml-edit.js';

/** Where `roles add` puts a role that is not defined in the folder yet. */
export const DEFAULT_ROLES_FILE = 'roles.yaml';

export interface SaveRoleResult {
  role: Role;
  file: string;
  action: 'added' | 'updated';
  /** True when the file did not exist before. */
  fileCreated: boolean;
}

/**
 * Adds role `name` to a roles folder, or updates it in the file that already defines it there. The edited file
 * is validated before it is written, so a change that would break the role (or the file) is refused and the
 * file stays as it was. Holds the folder's lock while reading and writing.
 */
export async function saveRole(options: { folder: RoleFolder; name: string; fields: RoleFieldValues; lock?: LockSettings }): Promise<SaveRoleResult> {
  const { folder, name } = options;
  return withFolderLock(folder.dir, options.lock, async () => {
    const existing = definingFiles((await readRoleFolder(folder.dir, folder.source)).files, name)[0];
    const file = existing?.file ?? path.join(folder.dir, DEFAULT_ROLES_FILE);
    const { doc, created } = await openDocument(file);
    let action: SaveRoleResult['action'];
    if (formatOfDocument(doc) === 'single-role') {
      if (!existing) {
        throw new OrchestratorError(`${file} holds a single role described by "name:", so no other role can be added to it.`, {
          code: 'CONFLICT',
          hint: `Rename that file (for example after its role) and run the command again; new roles go to ${DEFAULT_ROLES_FILE}.`,
        });
      }
      action = setSingleRole(doc, options.fields);
    } else {
      action = setRoleInMap(doc, name, options.fields);
    }
    const text = documentText(doc);
    const role = checkedRole(parseRoleFile(text, file, folder.source), name);
    await writeAtomically(file, text);
    return { role, file, action, fileCreated: created };
  });
}

export interface RemovedRole {
  file: string;
  /** True when the file held nothing else (no other role, no comment) and was deleted. */
  fileDeleted: boolean;
}

/**
 * Removes role `name` from every file of the folder that defines it (valid or not, so a broken definition can
 * be removed too). Returns the files it was removed from; empty when the folder does not define it.
 */
export async function removeRole(options: { folder: RoleFolder; name: string; lock?: LockSettings }): Promise<RemovedRole[]> {
  const { folder, name } = options;
  return withFolderLock(folder.dir, options.lock, async () => {
    const files = definingFiles((await readRoleFolder(folder.dir, folder.source)).files, name);
    const removed: RemovedRole[] = [];
    for (const parsed of files) {
      if (parsed.format === 'single-role') {
        await unlink(parsed.file);
        removed.push({ file: parsed.file, fileDeleted: true });
        continue;
      }
      const { doc } = await openDocument(parsed.file);
      if (!removeRoleFromMap(doc, name)) continue;
      if (doc.contents === null && !doc.commentBefore && !doc.comment) {
        await unlink(parsed.file);
        removed.push({ file: parsed.file, fileDeleted: true });
      } else {
        await writeAtomically(parsed.file, documentText(doc));
        removed.push({ file: parsed.file, fileDeleted: false });
      }
    }
    return removed;
  });
}

/** Writes the commented example file into a roles folder; an existing file is never touched. */
export async function writeExampleFile(dir: string): Promise<{ file: string; created: boolean }> {
  const file = path.join(dir, EXAMPLE_FILE_NAME);
  await mkdir(dir, { recursive: true });
  try {
    await writeFile(file, EXAMPLE_ROLES_YAML, { flag: 'wx' });
    return { file, created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { file, created: false };
    throw ioError(file, error);
  }
}

/** The files of a folder that define role `name`, including definitions that failed validation. */
export function definingFiles(files: readonly ParsedRoleFile[], name: string): ParsedRoleFile[] {
  return files.filter(
    (file) => file.format !== null && (file.roles.some((role) => role.name === name) || file.problems.some((problem) => problem.role === name)),
  );
}

async function withFolderLock<T>(dir: string, settings: LockSettings | undefined, fn: () => Promise<T>): Promise<T> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw ioError(dir, error);
  }
  // The lock sits next to the folder (roles.lock), so nothing but role files ever lives inside it.
  const release = await acquireFileLock(dir, settings ?? lockSettingsFromEnv());
  try {
    return await fn();
  } finally {
    await release();
  }
}

/** The parsed file, or an empty document for a file that does not exist yet. Never edits a file that does not parse. */
async function openDocument(file: string): Promise<{ doc: Document; created: boolean }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { doc: parseDocument(''), created: true };
    throw ioError(file, error);
  }
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { prettyErrors: true, merge: true });
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    const line = first.linePos?.[0].line;
    throw new OrchestratorError(`${file}${line ? `:${line}` : ''} does not parse: ${first.message.split('\n')[0]}`, {
      code: 'INVALID_INPUT',
      hint: 'Fix the file (orchestrator roles validate lists every problem) and run the command again; it was not changed.',
    });
  }
  return { doc, created: false };
}

/** The role as the edited file defines it, or an error listing why it would be invalid. */
function checkedRole(parsed: ParsedRoleFile, name: string): Role {
  const role = parsed.roles.find((candidate) => candidate.name === name);
  if (role) return role;
  const problems = parsed.problems.filter((problem) => problem.role === name || problem.role === undefined);
  const list = problems.map((problem) => `${problem.line ? `line ${problem.line}: ` : ''}${problem.message}`).join('; ');
  throw new OrchestratorError(`Role "${name}" would not be valid: ${list || 'it is not in the file after the change'}.`, {
    code: 'INVALID_INPUT',
    hint: 'Nothing was written. Give every part of the role: --definition, --expertise, --approach and --output-format.',
    details: { problems },
  });
}

async function writeAtomically(file: string, text: string): Promise<void> {
  // Whole or not at all, so a concurrent loader never reads a half-written role file.
  try {
    writeFileDurable(file, text);
  } catch (error) {
    throw ioError(file, error);
  }
}

function ioError(file: string, error: unknown): OrchestratorError {
  return new OrchestratorError(`Could not write ${file}: ${(error as Error).message}`, {
    code: 'IO',
    hint: 'Check that the folder exists and is writable.',
    cause: error,
  });
}
