import type { Task, TaskDraft } from '../../core/index.js';

/** The formats `orchestrator import` reads. `orchestrator` is a folder written by `db export --format md`. */
export const IMPORT_FORMATS = ['taskmaster', 'markdown', 'backlog', 'orchestrator'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** Something wrong with the input, where it is. */
export interface ImportProblem {
  file: string;
  line?: number;
  message: string;
}

/** Where each entry of a batch was read, so that a refusal from the store can name the file and line. */
export type RefLocations = Map<string, { file: string; line: number }>;

/** What a reader made of its input: batch entries (other tools' formats) or whole task records (our own). */
export type ReadResult =
  | { kind: 'drafts'; drafts: TaskDraft[]; locations: RefLocations; files: string[]; problems: ImportProblem[]; notes: string[] }
  | { kind: 'records'; records: Task[]; locations: RefLocations; files: string[]; problems: ImportProblem[]; notes: string[] };

/** A tag from another tool's label: tags hold no spaces or commas and are at most 64 characters. */
export function asTag(label: string): string | undefined {
  const tag = label
    .trim()
    .replace(/[\s,]+/g, '-')
    .slice(0, 64);
  return tag === '' ? undefined : tag;
}

/** Sections of another tool's task (details, test strategy) as one Markdown description. */
export function joinSections(parts: ReadonlyArray<readonly [heading: string | null, text: unknown]>): string | undefined {
  const blocks = parts
    .filter(([, text]) => typeof text === 'string' && text.trim() !== '')
    .map(([heading, text]) => (heading ? `## ${heading}\n\n${(text as string).trim()}` : (text as string).trim()));
  return blocks.length > 0 ? blocks.join('\n\n') : undefined;
}
