import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { OrchestratorError } from '../errors.js';
import { writeFileDurable } from '../store/durable.js';
import type { ClientId, Scope } from './clients/index.js';
import type { InstallerEnv } from './env.js';
import { writeTextAtomic } from './files.js';
import type { Creation, FormatId } from './formats/index.js';
import type { ShapeId } from './shapes.js';

// Every run that changes something keeps ORCHESTRATOR_HOME/backups/<run-id>/: a copy of each file before its
// first change, and manifest.json saying what was changed and how to undo it. The manifests are also the memory
// of what an install created (a section, a file), so uninstall can remove exactly that, months later.

export type RunAction = 'install' | 'uninstall' | 'rollback';

/** A command run on the user's behalf (Claude Code's CLI), with the commands that undo it. */
export interface CommandRecord {
  command: string;
  args: string[];
  cwd: string;
}

export interface ManifestEntry {
  client: ClientId;
  scope: Scope;
  variant: string | null;
  path: string;
  section: string[];
  /** How the entry is spelled and the file's format; absent in manifests of versions that knew JSON only. */
  shape?: ShapeId;
  format?: FormatId;
  name: string;
  /** file: we edited the file; claude-cli: Claude Code's CLI did, and `undo` reverses it. */
  via: 'file' | 'claude-cli';
  existed: boolean;
  /** The file's permission bits before the change (its backup has the same), so a restore can give them back. */
  mode?: number | null;
  /** The copy of the file before the change, inside the run folder; null when the file did not exist. */
  backup: string | null;
  sha256Before: string | null;
  sha256After: string | null;
  /** What this install created (install runs that added or updated our entry). */
  created?: Creation | null;
  commands?: CommandRecord[];
  undo?: CommandRecord[];
  /** Our entry before and after, to tell whether someone changed it since, and to put it back alone. */
  entryBefore?: unknown;
  entryAfter?: unknown;
  /** Set when a rollback run put this change back (the run is rolled back once all its entries are). */
  restoredBy?: string;
  restoredAt?: string;
}

export interface RunManifest {
  version: 1;
  id: string;
  action: RunAction;
  name: string;
  createdAt: string;
  finishedAt?: string;
  /** applying: started; complete: every change made; restored: a step failed and the earlier ones were undone. */
  status: 'applying' | 'complete' | 'restored';
  /** For a rollback run: the run it undid. */
  restores?: string;
  /** Set when a later rollback undid this run. */
  rolledBackAt?: string;
  rolledBackBy?: string;
  entries: ManifestEntry[];
}

const RUN_ID = /^\d{8}-\d{6}-[0-9a-f]{4}$/;

export function backupsDir(env: Pick<InstallerEnv, 'orchestratorHome'>): string {
  return path.join(env.orchestratorHome, 'backups');
}

export function runDir(env: Pick<InstallerEnv, 'orchestratorHome'>, id: string): string {
  return path.join(backupsDir(env), id);
}

/** Sortable by time: 20260131-235959-ab12 (UTC); never the id of an existing run. */
export function newRunId(env: Pick<InstallerEnv, 'orchestratorHome'>, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  for (let attempt = 0; attempt < 100; attempt++) {
    const id = `${stamp}-${randomBytes(2).toString('hex')}`;
    if (!existsSync(runDir(env, id))) return id;
  }
  throw new OrchestratorError(`Could not find a free backup folder name in ${backupsDir(env)}.`, { code: 'IO', hint: 'Try again in a second.' });
}

export function writeManifest(env: Pick<InstallerEnv, 'orchestratorHome'>, manifest: RunManifest): void {
  privateFolder(backupsDir(env));
  privateFolder(runDir(env, manifest.id));
  // Entries may hold other servers' env (API keys): the manifest is as private as the backups.
  writeTextAtomic(path.join(runDir(env, manifest.id), 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
}

/**
 * Backups copy other programs' configs, API keys in their servers' `env` included: each copy keeps its source's
 * permission bits (a 0600 file stays 0600), and the folders that hold them are 0700.
 */
export function writePrivate(file: string, text: string, mode: number): void {
  privateFolder(path.dirname(file));
  writeFileDurable(file, text, { mode });
}

function privateFolder(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

/** Every run, newest first. Folders without a readable manifest (store snapshots share the folder) are ignored. */
export function listRuns(env: Pick<InstallerEnv, 'orchestratorHome'>): RunManifest[] {
  let names: string[];
  try {
    names = readdirSync(backupsDir(env));
  } catch {
    return [];
  }
  // Ids sort by the second they were made; createdAt (milliseconds) orders runs within one second.
  return names
    .filter((name) => RUN_ID.test(name))
    .flatMap((name) => {
      const manifest = tryReadManifest(env, name);
      return manifest ? [manifest] : [];
    })
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
}

export function readRun(env: Pick<InstallerEnv, 'orchestratorHome'>, id: string): RunManifest {
  const manifest = RUN_ID.test(id) ? tryReadManifest(env, id) : undefined;
  if (!manifest) {
    throw new OrchestratorError(`No install run "${id}" in ${backupsDir(env)}.`, {
      code: 'NOT_FOUND',
      hint: 'List the runs with `orchestrator rollback --list`.',
    });
  }
  return manifest;
}

export function readBackup(env: Pick<InstallerEnv, 'orchestratorHome'>, id: string, backup: string): string {
  return readFileSync(path.join(runDir(env, id), backup), 'utf8');
}

function tryReadManifest(env: Pick<InstallerEnv, 'orchestratorHome'>, id: string): RunManifest | undefined {
  try {
    const manifest = JSON.parse(readFileSync(path.join(runDir(env, id), 'manifest.json'), 'utf8')) as RunManifest;
    return manifest.version === 1 && Array.isArray(manifest.entries) ? manifest : undefined;
  } catch {
    return undefined;
  }
}

/** Runs whose changes are in force: finished, and not undone by a rollback. */
export function runsInForce(runs: readonly RunManifest[]): RunManifest[] {
  return runs.filter((run) => run.status === 'complete' && !run.rolledBackAt && run.action !== 'rollback');
}

/**
 * What our install created around the entry `name` in this file, according to the latest run in force that
 * touched that entry; null when the latest one removed it, or when no run is known (then nothing but the entry
 * itself is ever removed).
 */
export function findCreation(runs: readonly RunManifest[], file: string, section: readonly string[], name: string): Creation | null {
  return installedBy(runs, file, section, name)?.entry.created ?? null;
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((key, index) => key === b[index]);
}

/**
 * The install run that put the entry `name` into this file and is still in force (no later run removed it and
 * it was not rolled back), with what it wrote; undefined when none did. Tells "removed since we installed it"
 * apart from "never installed here".
 */
export function installedBy(
  runs: readonly RunManifest[],
  file: string,
  section: readonly string[],
  name: string,
): { run: RunManifest; entry: ManifestEntry } | undefined {
  for (const run of runsInForce(runs)) {
    const entry = [...run.entries]
      .reverse()
      .find((candidate) => candidate.path === file && candidate.name === name && sameKeys(candidate.section, section));
    if (entry) return run.action === 'install' ? { run, entry } : undefined;
  }
  return undefined;
}
