import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { resolveDataDirectory } from '../../core/data-dir.js';
import { DATA_DIR_NAME } from '../../store/index.js';
import { color, symbols } from '../../ui/theme.js';
import type { Output } from '../../ui/output.js';
import { commandContext } from '../context.js';

/** What `init` keeps out of git: files that belong to one machine or one moment. */
const GITIGNORE = [
  '# Written by orchestrator init: what belongs to one machine, not to the project.',
  'store.json.lock',
  '*.tmp',
  'backups/',
  '',
].join('\n');

export interface InitResult {
  dataDir: string;
  /** Where the tasks are: store.json in the data directory, or the PostgreSQL database (without its password). */
  store: string;
  backend: 'file' | 'postgres';
  reason: string;
  /** false when a store was already there. */
  created: boolean;
  /** The repository the folder is in, or null outside one. */
  repository: string | null;
  gitignore: string | null;
}

export async function init(_options: unknown, command: Command): Promise<void> {
  const options = command.optsWithGlobals<{ dataDir?: string }>();
  const found = resolveDataDirectory({ flag: options.dataDir });
  // With no project around (the home fallback), init means "here": that is what a person running it asks for.
  const here = path.resolve(DATA_DIR_NAME);
  const chosen = found.source === 'home' && here !== found.dir ? { dir: here, reason: 'no project found above: the current directory' } : undefined;
  const ctx = commandContext(command, 'creates', chosen);
  const result = await runInit(ctx);
  if (ctx.json) ctx.out.json(result);
  else printInit(ctx.out, result);
}

async function runInit(ctx: ReturnType<typeof commandContext>): Promise<InitResult> {
  const store = ctx.service.store;
  const created = !(await store.inspect()).exists;
  // An empty change writes the store (the folder, or the tables): the same code path, lock and validation as any change.
  if (created) await store.mutate((_doc, tx) => tx.markChanged());
  const base = { dataDir: ctx.paths.dir, store: store.location, backend: store.backend, reason: ctx.dataDir.reason, created };
  // The tasks are in the database: there is nothing in the project to commit or to keep out of git.
  if (store.backend === 'postgres') return { ...base, repository: null, gitignore: null };
  const ignoreFile = path.join(ctx.paths.dir, '.gitignore');
  let gitignore: string | null = null;
  if (!existsSync(ignoreFile)) {
    writeFileSync(ignoreFile, GITIGNORE);
    gitignore = ignoreFile;
  }
  return { ...base, repository: repositoryOf(ctx.paths.dir), gitignore };
}

function repositoryOf(dir: string): string | null {
  for (let current = path.dirname(dir); ; current = path.dirname(current)) {
    if (existsSync(path.join(current, '.git'))) return current;
    if (path.dirname(current) === current) return null;
  }
}

function printInit(out: Output, result: InitResult): void {
  if (result.backend === 'postgres') {
    out.line(`${color.green(symbols.ok)} ${result.created ? 'Created the orchestrator tables in' : 'Already there:'} ${result.store}`);
    out.line('  Every orchestrator given this URL (--store, or ORCHESTRATOR_STORE) shares these tasks;');
    out.line('  `orchestrator install --store <url>` writes it into your MCP clients.');
    return;
  }
  out.line(`${color.green(symbols.ok)} ${result.created ? 'Created' : 'Already there:'} ${result.dataDir}`);
  out.line(`  ${color.dim(result.reason)}`);
  if (result.repository) {
    const relative = path.relative(result.repository, result.dataDir) || '.';
    out.line(`  Commit ${relative}/ to share the tasks with everyone who works in this`);
    out.line('  repository (its own .gitignore leaves out locks and backups). To keep');
    out.line(`  them to yourself, add ${relative}/ to the repository's .gitignore instead.`);
  } else {
    out.line('  This folder is not in a git repository: there is nothing to commit.');
  }
}
