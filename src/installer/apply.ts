import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { isOrchestratorError, OrchestratorError } from '../errors.js';
// The lock module alone: the store's index would load the document store (and zod) for nothing.
import { acquireFileLock, lockSettingsFromEnv, type LockSettings } from '../store/lock.js';
import { newRunId, runDir, writeManifest, writePrivate, type ManifestEntry, type RunManifest } from './backups.js';
import type { InstallerEnv } from './env.js';
import { runCommand, type RunResult } from './exec.js';
import { ChangedMeanwhile, putText, readSnapshot, replaceIfUnchanged, sha256, withoutBom, type Snapshot } from './files.js';
import { ConfigParseError, formatOf } from './formats/index.js';
import { isChange, type ItemStatus, type Plan, type PlanItem } from './plan.js';
import { isSameEntry } from './shapes.js';

export interface ApplyOptions {
  now?: () => Date;
  lock?: LockSettings;
  /** How commands run; the default goes through execa (exec.ts). */
  run?: (command: string, args: readonly string[], options: { cwd: string; env: Record<string, string | undefined> }) => Promise<RunResult>;
}

export interface AppliedItem {
  item: PlanItem;
  /** What happened: the planned status, or `unchanged` when the file had meanwhile reached the same result. */
  status: ItemStatus;
  warnings: string[];
}

export interface ApplyResult {
  /** The backup run, or null when nothing had to change. */
  runId: string | null;
  backupDir: string | null;
  items: AppliedItem[];
}

/** A change made by this run, and how to take it back if a later step fails. */
type Done = { kind: 'file'; file: string; before: string | null; after: string | null } | { kind: 'cli'; undo: PlanItem['undo'] };

/**
 * Carries out a plan: each file is copied into the run's backup folder and recorded in its manifest before it
 * is written (atomically). If any step fails, the steps before it are undone, and the error says so.
 */
export async function applyPlan(plan: Plan, env: InstallerEnv, options: ApplyOptions = {}): Promise<ApplyResult> {
  const results = plan.items.map((item): AppliedItem => ({ item, status: item.status, warnings: [...(item.warnings ?? [])] }));
  if (!plan.items.some(isChange)) return { runId: null, backupDir: null, items: results };
  const now = options.now ?? (() => new Date());
  const runner = options.run ?? ((command, args, runOptions) => runCommand(command, args, runOptions));
  const childEnv = commandEnv(env);
  const run: Context['run'] = (command, args, runOptions) => runner(command, args, { cwd: runOptions.cwd, env: childEnv });
  const manifest: RunManifest = {
    version: 1,
    id: newRunId(env, now()),
    action: plan.action,
    name: plan.name,
    createdAt: now().toISOString(),
    status: 'applying',
    ...(plan.restores && { restores: plan.restores }),
    entries: [],
  };
  const dir = runDir(env, manifest.id);
  writeManifest(env, manifest);
  const done: Done[] = [];
  for (const [index, result] of results.entries()) {
    if (!isChange(result.item)) continue;
    const backupName = `${String(index + 1).padStart(2, '0')}-${path.basename(result.item.file!)}`;
    const context = { env, manifest, dir, backupName, done, run, lock: options.lock ?? lockSettingsFromEnv() };
    try {
      if (result.item.via === 'file') await applyFileItem(result, context);
      else await applyCliItem(result, context);
    } catch (error) {
      const leftovers = await undoAll(done, run);
      manifest.status = 'restored';
      manifest.finishedAt = now().toISOString();
      writeManifest(env, manifest);
      throw failure(result.item, error, done.length > 0, leftovers);
    }
  }
  manifest.status = 'complete';
  manifest.finishedAt = now().toISOString();
  writeManifest(env, manifest);
  return { runId: manifest.id, backupDir: dir, items: results };
}

interface Context {
  env: InstallerEnv;
  manifest: RunManifest;
  dir: string;
  backupName: string;
  done: Done[];
  run: (command: string, args: readonly string[], options: { cwd: string }) => Promise<RunResult>;
  lock: LockSettings;
}

/**
 * Commands see the machine the installer was given: its home, PATH and Claude config folder (unset when it has
 * none), so a client's CLI changes the same files the plan read.
 */
function commandEnv(env: InstallerEnv): Record<string, string | undefined> {
  return {
    PATH: env.pathEnv,
    ...(env.platform === 'win32' ? { USERPROFILE: env.home } : { HOME: env.home }),
    CLAUDE_CONFIG_DIR: env.claudeConfigDir,
  };
}

/** How often a file that another program keeps changing is read and edited again before the run gives up. */
const ATTEMPTS = 5;

async function applyFileItem(result: AppliedItem, context: Context): Promise<void> {
  const { item } = result;
  const file = item.file!;
  await withLock(item.locked ? file : undefined, context.lock, () => {
    let entry: ManifestEntry | undefined;
    for (let attempt = 1; ; attempt++) {
      const current = readSnapshot(file);
      let after = item.after;
      let created = item.created;
      // Another program (Claude Code rewrites its files all the time) may have changed the file since the plan
      // was made: the same edit is made again on what is there now.
      if (current.text !== item.before) {
        if (!item.redo) {
          throw new OrchestratorError(`${file} changed after the plan was made.`, { code: 'CONFLICT', hint: 'Run the command again.' });
        }
        ({ after, created } = redo(item, current.text, context.manifest.name));
        if (after === current.text) {
          // Someone made the change for us (between tries, too): nothing of this file belongs in the manifest.
          if (entry) forget(context, entry);
          result.status = 'unchanged';
          return;
        }
      }
      const files = {
        existed: current.text !== null,
        mode: current.mode,
        backup: saveBackup(context, current),
        sha256Before: sha256(current.text),
        sha256After: sha256(after),
      };
      entry = record(context, item, files, created, entry);
      try {
        replaceIfUnchanged(file, after, current, item.mode ?? undefined);
      } catch (error) {
        if (!(error instanceof ChangedMeanwhile)) throw error;
        if (attempt < ATTEMPTS) continue;
        throw new OrchestratorError(
          `${file} kept changing while orchestrator was writing it (${ATTEMPTS} tries): another program is writing it now.`,
          {
            code: 'CONFLICT',
            hint: 'Nothing of it was overwritten. Run the command again when that program is done (close the editor that has the file open, or quit the client).',
          },
        );
      }
      context.done.push({ kind: 'file', file, before: current.text, after });
      return;
    }
  });
}

async function applyCliItem(result: AppliedItem, context: Context): Promise<void> {
  const { item } = result;
  const file = item.file!;
  // A copy for the user's peace of mind; rollback of a CLI change runs the recorded undo commands instead,
  // because Claude Code rewrites this file constantly and an old copy would throw its own changes away.
  const before = safeSnapshot(file);
  const files = {
    existed: before.text !== null,
    mode: before.mode,
    backup: saveBackup(context, before),
    sha256Before: sha256(before.text),
    sha256After: null,
  };
  const entry = record(context, item, files, item.created);
  context.done.push({ kind: 'cli', undo: item.undo });
  for (const command of item.commands) {
    const outcome = await context.run(command.command, command.args, { cwd: command.cwd });
    if (!outcome.ok) {
      const detail = (outcome.stderr || outcome.stdout).trim().split('\n').slice(-3).join(' ');
      throw new OrchestratorError(`\`claude ${command.args.join(' ')}\` failed: ${outcome.message}${detail ? ` (${detail})` : ''}`, {
        code: 'IO',
      });
    }
  }
  if (item.confirm) {
    const check = await context.run(item.confirm.command, item.confirm.args, { cwd: item.confirm.cwd });
    if (!check.ok) result.warnings.push(`\`claude ${item.confirm.args.join(' ')}\` did not find the entry after adding it: ${check.message}`);
  }
  entry.sha256After = sha256(safeSnapshot(file).text);
  writeManifest(context.env, context.manifest);
}

type FileFacts = Pick<ManifestEntry, 'existed' | 'mode' | 'backup' | 'sha256Before' | 'sha256After'>;

/** Adds the item to the manifest, or (a retry after the file changed) replaces what `previous` said about it. */
function record(context: Context, item: PlanItem, files: FileFacts, created: PlanItem['created'], previous?: ManifestEntry): ManifestEntry {
  const entry: ManifestEntry = {
    client: item.client,
    scope: item.scope,
    variant: item.variant,
    path: item.file!,
    section: item.section,
    shape: item.shape,
    format: item.format,
    name: context.manifest.name,
    via: item.via,
    ...files,
    ...(context.manifest.action === 'install' && { created: created ?? null }),
    ...(item.via === 'claude-cli' && { commands: item.commands, undo: item.undo }),
    ...(item.entryBefore !== undefined && { entryBefore: item.entryBefore }),
    ...(item.entryAfter !== undefined && { entryAfter: item.entryAfter }),
  };
  const entries = context.manifest.entries;
  if (previous) entries[entries.indexOf(previous)] = entry;
  else entries.push(entry);
  // The manifest is written before the file: a crash in between leaves a backup that is accounted for.
  writeManifest(context.env, context.manifest);
  return entry;
}

function forget(context: Context, entry: ManifestEntry): void {
  context.manifest.entries.splice(context.manifest.entries.indexOf(entry), 1);
  writeManifest(context.env, context.manifest);
}

/** The file's text as it is about to be replaced, private like its source (a retry overwrites it). */
function saveBackup(context: Context, snapshot: Snapshot): string | null {
  if (snapshot.text === null) return null;
  writePrivate(path.join(context.dir, context.backupName), snapshot.text, snapshot.mode ?? 0o600);
  return context.backupName;
}

/** The same edit on the text there now; `created` is what an install's edit creates on that text. */
function redo(item: PlanItem, current: string | null, name: string): { after: string | null; created: PlanItem['created'] } {
  const { body, bom } = current === null ? { body: null, bom: '' } : withoutBom(current);
  const format = formatOf(item.format);
  try {
    if (item.redo!.op === 'set') {
      const { entry } = item.redo!;
      const outcome = format.set(body, item.section, name, entry, (existing) => isSameEntry(item.shape, existing, entry));
      if (outcome.change === 'unchanged') return { after: current, created: item.created };
      return { after: bom + outcome.text, created: outcome.change === 'added' ? outcome.creation : item.created };
    }
    const outcome = format.remove(body, item.section, name, item.redo!.op === 'delete' ? item.redo!.creation : null);
    if (outcome.change === 'absent') return { after: current, created: item.created };
    return { after: outcome.text === null ? null : bom + outcome.text, created: item.created };
  } catch (error) {
    if (error instanceof ConfigParseError) {
      throw new OrchestratorError(`${item.file} no longer parses: ${error.message}.`, { code: 'INVALID_INPUT', cause: error });
    }
    throw error;
  }
}

/** Takes back the changes of a failed run, newest first. Returns what could not be taken back. */
async function undoAll(done: Done[], run: Context['run']): Promise<string[]> {
  const leftovers: string[] = [];
  for (const change of [...done].reverse()) {
    if (change.kind === 'file') {
      if (sha256(safeRead(change.file)) === sha256(change.after)) putText(change.file, change.before);
      else leftovers.push(`${change.file} changed meanwhile and was left as it is`);
      continue;
    }
    // A failed or partial command may leave nothing to undo, so failures here are expected and ignored.
    for (const command of change.undo) await run(command.command, command.args, { cwd: command.cwd });
  }
  return leftovers;
}

function failure(item: PlanItem, error: unknown, undone: boolean, leftovers: string[]): OrchestratorError {
  const reason = error instanceof Error ? error.message : String(error);
  const after = undone ? ' The changes this run had already made were undone.' : ' Nothing was changed.';
  const hint = leftovers.length > 0 ? `Not undone: ${leftovers.join('; ')}.` : isOrchestratorError(error) ? error.hint : undefined;
  return new OrchestratorError(`Could not change ${item.file} (${item.client}): ${reason}${after}`, {
    code: isOrchestratorError(error) ? error.code : 'IO',
    cause: error,
    ...(hint && { hint }),
  });
}

function safeRead(file: string): string | null {
  return safeSnapshot(file).text;
}

function safeSnapshot(file: string): Snapshot {
  try {
    return readSnapshot(file);
  } catch {
    return { text: null, stamp: null, mode: null };
  }
}

/** Runs `fn` holding the lock on `file` (when given). */
async function withLock(file: string | undefined, settings: LockSettings, fn: () => void): Promise<void> {
  if (!file) return fn();
  mkdirSync(path.dirname(file), { recursive: true });
  const release = await acquireFileLock(file, settings);
  try {
    fn();
  } finally {
    await release();
  }
}
