import { stat } from 'node:fs/promises';
import path from 'node:path';
import { byFileAndLine, type FileProblem } from '../errors.js';
import type { Output } from '../ui/output.js';
import { displayPath, problemLine } from '../ui/paths.js';
import { color, symbols } from '../ui/theme.js';

// What `orchestrator roles` and `orchestrator templates` share: both read YAML files from a user folder and a
// project folder over built-in entries, and list, validate and seed them the same way. `noun` names the kind.

export type CatalogNoun = 'role' | 'template';
type Scope = 'user' | 'project';
/** Where an entry comes from: built in, or a file of a scope. */
type Source = Scope | 'built-in';

export interface CatalogFolder {
  source: Scope;
  dir: string;
}

export interface CatalogProblem extends FileProblem {
  role?: string | undefined;
  template?: string | undefined;
  source?: Source | undefined;
}

/**
 * The folder of each scope, from the catalog's folder list (roleFolders / templateFolders). When the user folder
 * is the project folder its files are project files, and writing "to the user folder" writes there too.
 */
export function scopeFolders(folders: readonly CatalogFolder[]): Record<Scope, CatalogFolder> {
  const project = folders.find((folder) => folder.source === 'project')!;
  return { project, user: folders.find((folder) => folder.source === 'user') ?? project };
}

/** A problem as --json shows it: optional fields are null, never missing. */
export function problemJson(noun: CatalogNoun, problem: CatalogProblem) {
  return { file: problem.file, line: problem.line ?? null, [noun]: problem[noun] ?? null, message: problem.message, source: problem.source ?? null };
}

/** `built-in`, `project (overrides built-in)`, `project (overrides user, built-in)`. */
export function sourceLabel(entry: { source: string; overrides?: ReadonlyArray<{ source: string }> | undefined }): string {
  const overridden = [...new Set((entry.overrides ?? []).map((origin) => origin.source))];
  return overridden.length > 0 ? `${entry.source} (overrides ${overridden.join(', ')})` : entry.source;
}

/** Problems go to stderr next to a listing: they are about the files, not part of the data. */
export function printProblemsNote(out: Output, noun: CatalogNoun, problems: readonly CatalogProblem[], cwd: string): void {
  if (problems.length === 0) return;
  out.note(
    color.yellow(`${symbols.warn} ${problems.length} problem${problems.length === 1 ? '' : 's'} in ${noun} files (those ${noun}s are left out):`),
  );
  for (const problem of problems) out.note(`  ${problemLine(problem, cwd)}`);
  out.note(color.dim(`  Fix them and check with \`orchestrator ${noun}s validate\`.`));
}

/** One parsed YAML file, whatever it defines. */
interface ParsedFile<P extends CatalogProblem> {
  file: string;
  source: Source;
  problems: P[];
}

/** How one kind's files are read, for validation. */
export interface CatalogFiles<F extends ParsedFile<P>, P extends CatalogProblem> {
  /** Every file of the user and project folders, with their problems (duplicates included). */
  readLayers(): Promise<{ files: F[]; problems: P[]; folders: ReadonlyArray<{ dir: string }> }>;
  /** The kind's files in a folder. */
  listFiles(dir: string): Promise<{ files: string[] }>;
  readFile(file: string, source: Scope): Promise<F>;
  /** Adds a problem for each name defined twice among these files of one folder. */
  dedupe(files: F[], problems: P[]): void;
}

export interface ReadForValidation<F, P> {
  parsed: F[];
  problems: P[];
  /** The folders scanned (when no file was named). */
  folders: string[];
}

/**
 * The named files (a folder stands for its files; anything else is read as a file and reported if it is not
 * one), or every file of the user and project folders. Names defined twice in one folder are problems too, as
 * they are when the catalog is loaded.
 */
export async function readForValidation<F extends ParsedFile<P>, P extends CatalogProblem>(
  named: readonly string[],
  ctx: { cwd: string; folders: Record<Scope, CatalogFolder> },
  io: CatalogFiles<F, P>,
): Promise<ReadForValidation<F, P>> {
  if (named.length === 0) {
    const layers = await io.readLayers();
    return { parsed: layers.files, problems: [...layers.problems], folders: layers.folders.map((folder) => folder.dir) };
  }
  const expand = async (file: string): Promise<string[]> => {
    const isFolder = await stat(file).then(
      (info) => info.isDirectory(),
      () => false,
    );
    return isFolder ? (await io.listFiles(file)).files : [file];
  };
  const paths = (await Promise.all(named.map((file) => expand(path.resolve(ctx.cwd, file))))).flat();
  const { user } = ctx.folders;
  const parsed = await Promise.all(paths.map((file) => io.readFile(file, path.dirname(file) === user.dir ? user.source : 'project')));
  const problems = parsed.flatMap((file) => file.problems);
  for (const source of ['user', 'project'] as const)
    io.dedupe(
      parsed.filter((file) => file.source === source),
      problems,
    );
  return { parsed, problems, folders: [] };
}

export interface Validation<E, P> {
  ok: boolean;
  files: E[];
  problems: P[];
  /** The folders scanned (when no file was named). */
  folders: string[];
}

/** The validate result: each file with what it defines (`describe`) and its number of problems; problems by file and line. */
export function summariseValidation<F extends ParsedFile<P>, P extends CatalogProblem, D extends object>(
  read: ReadForValidation<F, P>,
  describe: (file: F) => D,
): Validation<{ file: string; source: Source } & D & { problems: number }, P> {
  const counts = new Map<string, number>();
  for (const problem of read.problems) counts.set(problem.file, (counts.get(problem.file) ?? 0) + 1);
  return {
    ok: read.problems.length === 0,
    files: read.parsed.map((file) => ({ file: file.file, source: file.source, ...describe(file), problems: counts.get(file.file) ?? 0 })),
    problems: [...read.problems].sort(byFileAndLine),
    folders: read.folders,
  };
}

/** Prints a validate result as text or JSON; the failure is only the exit code, since the result is printed in full. */
export function reportValidation<E extends { file: string; source: string; problems: number }>(
  ctx: { out: Output; json: boolean; cwd: string },
  noun: CatalogNoun,
  result: Validation<E, CatalogProblem>,
  names: (file: E) => readonly string[],
): void {
  if (ctx.json) ctx.out.json({ ...result, problems: result.problems.map((problem) => problemJson(noun, problem)) });
  else printValidation(ctx.out, noun, result, names, ctx.cwd);
  if (!result.ok) process.exitCode = 1;
}

function printValidation<E extends { file: string; source: string; problems: number }>(
  out: Output,
  noun: CatalogNoun,
  result: Validation<E, CatalogProblem>,
  names: (file: E) => readonly string[],
  cwd: string,
): void {
  if (result.files.length === 0) {
    const where = result.folders.map((dir) => displayPath(dir, cwd)).join(' and ');
    out.line(`No ${noun} files in ${where || 'the given paths'}; only the built-in ${noun}s are in use.`);
    return;
  }
  for (const file of result.files) {
    const defined = names(file);
    const what = defined.length > 0 ? `${defined.length} ${noun}${defined.length === 1 ? '' : 's'} (${defined.join(', ')})` : `no ${noun}s`;
    const mark = file.problems > 0 ? color.red(symbols.fail) : color.green(symbols.ok);
    const problems = file.problems > 0 ? `, ${file.problems} problem${file.problems === 1 ? '' : 's'}` : '';
    out.line(`${mark} ${displayPath(file.file, cwd)}: ${file.source}, ${what}${problems}`);
  }
  if (result.problems.length > 0) {
    out.line();
    for (const problem of result.problems) out.line(problemLine(problem, cwd));
  }
}

/** Reports `init`: the example file written (`what` says what it holds), or left as it was. */
export function reportExample(ctx: { out: Output; json: boolean; cwd: string }, result: { file: string; created: boolean }, what: string): void {
  if (ctx.json) {
    ctx.out.json(result);
    return;
  }
  const file = displayPath(result.file, ctx.cwd);
  if (result.created) ctx.out.line(`${color.green(symbols.ok)} Wrote ${file}: ${what}`);
  else ctx.out.line(`${file} already exists; it was left unchanged.`);
}
