import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describeCycle, findCycle, type BatchSummary, type Task, type TaskDraft, type TaskService } from '../../core/index.js';
import { isOrchestratorError, OrchestratorError, problemText } from '../../errors.js';
import { looksLikeTaskFile, parseTaskFile, splitFrontMatter } from '../task-files.js';
import { readBacklog } from './backlog.js';
import { readChecklist } from './checklist.js';
import { readTaskmaster } from './taskmaster.js';
import { IMPORT_FORMATS, type ImportFormat, type ImportProblem, type ReadResult, type RefLocations } from './types.js';

export { IMPORT_FORMATS, type ImportFormat, type ImportProblem } from './types.js';

/** Anything bigger is not a task list someone wrote or exported. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

export interface ImportRequest {
  path: string;
  format?: ImportFormat | undefined;
  dryRun: boolean;
  parentId?: string | undefined;
}

export interface ImportReport extends BatchSummary {
  format: ImportFormat;
  dryRun: boolean;
  files: string[];
  /** Things worth knowing that are not problems (statuses that have no equal here). */
  notes: string[];
}

/**
 * Reads another tool's tasks (or a folder written by `db export --format md`) and brings them into the store in
 * one change: every task or none. Tasks brought in before from the same source are updated, not duplicated. A
 * problem with the input is reported with its file and line, and nothing is imported.
 */
export async function runImport(request: ImportRequest, deps: { service: TaskService; actor: string }): Promise<ImportReport> {
  const input = path.resolve(request.path);
  const format = request.format ?? detectFormat(input);
  const read = readInput(input, format);
  if (read.kind === 'drafts') checkGraph(read.drafts, read.locations, read.problems);
  if (read.problems.length > 0) throw invalidInput(read.problems);
  const parentId = request.parentId ?? null;
  const base = { format, dryRun: request.dryRun, files: read.files, notes: read.notes };
  try {
    if (read.kind === 'records') {
      const summary = request.dryRun
        ? await deps.service.planRecords(read.records, parentId)
        : await deps.service.applyRecords(read.records, deps.actor, parentId);
      return { ...base, ...summary };
    }
    const batch = { tasks: read.drafts, parentId, via: 'import' };
    const summary = request.dryRun ? await deps.service.planBatch(batch) : await deps.service.applyBatch(batch, deps.actor);
    return { ...base, created: summary.created, updated: summary.updated, unchanged: summary.unchanged };
  } catch (error) {
    throw located(error, read.locations);
  }
}

/** The format of a file or folder, from its name and a look inside. */
function detectFormat(input: string): ImportFormat {
  const info = statOf(input);
  if (info.isDirectory()) {
    if (markdownFiles(input).some((file) => looksLikeTaskFile(readText(file)))) return 'orchestrator';
    if (backlogFolders(input)) return 'backlog';
    if (markdownFiles(input).some((file) => /^id:/m.test(splitFrontMatter(readText(file))?.front ?? ''))) return 'backlog';
    if (taskmasterFile(input)) return 'taskmaster';
    throw new OrchestratorError(`Cannot tell what ${input} holds: no task files of orchestrator or Backlog.md, and no Task Master tasks.json.`, {
      code: 'USAGE',
      hint: `Name the file to import, or pass --format (${IMPORT_FORMATS.join(', ')}).`,
    });
  }
  if (/\.json$/i.test(input)) return 'taskmaster';
  if (/\.(md|markdown)$/i.test(input)) {
    const text = readText(input);
    if (looksLikeTaskFile(text)) return 'orchestrator';
    const front = splitFrontMatter(text)?.front;
    if (front !== undefined && /^id:/m.test(front) && /^title:/m.test(front)) return 'backlog';
    return 'markdown';
  }
  throw new OrchestratorError(`Cannot tell the format of ${input} from its name.`, {
    code: 'USAGE',
    hint: `Pass --format (${IMPORT_FORMATS.join(', ')}).`,
  });
}

function readInput(input: string, format: ImportFormat): ReadResult {
  const info = statOf(input);
  switch (format) {
    case 'taskmaster': {
      const file = info.isDirectory() ? taskmasterFile(input) : input;
      if (!file)
        throw new OrchestratorError(`No Task Master tasks.json in ${input}.`, {
          code: 'NOT_FOUND',
          hint: 'Name the file: .taskmaster/tasks/tasks.json.',
        });
      return readTaskmaster(readText(file), file);
    }
    case 'markdown':
      if (info.isDirectory())
        throw new OrchestratorError(`${input} is a folder; a checklist is one Markdown file.`, {
          code: 'USAGE',
          hint: 'Name the file, such as TODO.md.',
        });
      return readChecklist(readText(input), input);
    case 'backlog': {
      const files = info.isDirectory()
        ? (backlogFolders(input) ?? [{ dir: input, completed: false }]).flatMap(({ dir, completed }) =>
            markdownFiles(dir).map((file) => ({ file, completed })),
          )
        : [{ file: input, completed: false }];
      return readBacklog(files.map(({ file, completed }) => ({ file, text: readText(file), completed })));
    }
    case 'orchestrator':
      return readTaskFolder(info.isDirectory() ? markdownFiles(input) : [input]);
  }
}

/** Files written by `db export --format md`; Markdown files without front matter (a README) are not tasks. */
function readTaskFolder(files: readonly string[]): ReadResult {
  const problems: ImportProblem[] = [];
  const records: Task[] = [];
  const locations: RefLocations = new Map();
  const read: string[] = [];
  for (const file of files) {
    const text = readText(file);
    if (!splitFrontMatter(text)) continue;
    read.push(file);
    const parsed = parseTaskFile(text, file);
    problems.push(...parsed.problems);
    if (!parsed.task) continue;
    if (path.basename(file) !== `${parsed.task.id}.md`)
      problems.push({ file, line: 2, message: `the file of task ${parsed.task.id} should be named ${parsed.task.id}.md` });
    records.push(parsed.task);
    locations.set(parsed.task.id, { file, line: 2 });
  }
  if (read.length === 0)
    problems.push({ file: files[0] ? path.dirname(files[0]) : '.', message: 'no task files (Markdown with front matter) found' });
  return { kind: 'records', records, locations, files: read, problems, notes: [] };
}

/** Cycles among the entries read, found before the store would refuse them, so they can be named by file and line. */
function checkGraph(drafts: readonly TaskDraft[], locations: RefLocations, problems: ImportProblem[]): void {
  const known = new Map(drafts.map((draft) => [draft.ref, draft]));
  const where = (ref: string) => locations.get(ref) ?? { file: '.', line: 1 };
  const cycle = findCycle(known.keys(), (ref) => (known.get(ref)?.dependencies ?? []).filter((dependency) => known.has(dependency)));
  if (cycle) problems.push({ ...where(cycle[0]!), message: `the dependencies form a cycle: ${describeCycle(cycle)}` });
  const parents = findCycle(known.keys(), (ref) => {
    const parent = known.get(ref)?.parent;
    return parent && known.has(parent) ? [parent] : [];
  });
  if (parents) problems.push({ ...where(parents[0]!), message: `these tasks contain each other: ${parents.join(' ⊂ ')}` });
}

function invalidInput(problems: readonly ImportProblem[]): OrchestratorError {
  const shown = problems.slice(0, 20).map((problem) => problemText(problem));
  const more = problems.length > shown.length ? `\n  ... and ${problems.length - shown.length} more (--json lists them all)` : '';
  return new OrchestratorError(`Nothing was imported: the input has ${problems.length} problem${problems.length === 1 ? '' : 's'}.`, {
    code: 'INVALID_INPUT',
    hint: `${shown.join('\n  ')}${more}`,
    details: { problems: problems.map((problem) => ({ file: problem.file, line: problem.line ?? null, message: problem.message })) },
  });
}

/** A refusal from the store about one entry, with the file and line that entry came from. */
function located(error: unknown, locations: RefLocations): unknown {
  if (!isOrchestratorError(error)) return error;
  const ref =
    typeof error.details?.ref === 'string' ? error.details.ref : typeof error.details?.taskId === 'string' ? error.details.taskId : undefined;
  const where = ref === undefined ? undefined : locations.get(ref);
  const prefix = where ? `${where.file}:${where.line}: ` : '';
  return new OrchestratorError(`Nothing was imported: ${prefix}${error.message}`, {
    code: error.code,
    ...(error.hint !== undefined && { hint: error.hint }),
    cause: error,
    ...(error.details && { details: error.details }),
  });
}

function statOf(input: string) {
  try {
    return statSync(input);
  } catch (error) {
    throw new OrchestratorError(
      `Cannot read ${input}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'it does not exist' : (error as Error).message}.`,
      {
        code: 'NOT_FOUND',
        hint: 'Check the path.',
      },
    );
  }
}

function readText(file: string): string {
  const size = statOf(file).size;
  if (size > MAX_FILE_BYTES)
    throw new OrchestratorError(`${file} is ${size} bytes; import reads files of up to ${MAX_FILE_BYTES}.`, { code: 'INVALID_INPUT' });
  try {
    return readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    throw new OrchestratorError(`Cannot read ${file}: ${(error as Error).message}`, { code: 'IO', cause: error });
  }
}

/** The Markdown files directly in a folder, by name, skipping hidden ones. */
function markdownFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => !name.startsWith('.') && /\.(md|markdown)$/i.test(name))
    .sort()
    .map((name) => path.join(dir, name))
    .filter((file) => statOf(file).isFile());
}

/** A Backlog.md folder (one with tasks/), or a project holding one in backlog/ or .backlog/. */
function backlogFolders(dir: string): Array<{ dir: string; completed: boolean }> | undefined {
  for (const root of [dir, path.join(dir, 'backlog'), path.join(dir, '.backlog')]) {
    const tasks = path.join(root, 'tasks');
    if (!isFolder(tasks)) continue;
    const completed = path.join(root, 'completed');
    return [{ dir: tasks, completed: false }, ...(isFolder(completed) ? [{ dir: completed, completed: true }] : [])];
  }
  return undefined;
}

function taskmasterFile(dir: string): string | undefined {
  return [path.join(dir, '.taskmaster', 'tasks', 'tasks.json'), path.join(dir, 'tasks', 'tasks.json'), path.join(dir, 'tasks.json')].find((file) => {
    try {
      return statSync(file).isFile();
    } catch {
      return false;
    }
  });
}

function isFolder(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
