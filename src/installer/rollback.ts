import { OrchestratorError } from '../errors.js';
import { readBackup, readRun, runsInForce, writeManifest, type ManifestEntry, type RunManifest } from './backups.js';
import type { InstallerEnv } from './env.js';
import { readText, sha256, withoutBom } from './files.js';
import { ConfigParseError, formatOf, type FormatId } from './formats/index.js';
import { isSameEntry, type ShapeId } from './shapes.js';
import type { Plan, PlanItem } from './plan.js';

/** The run to undo: the one named, or the newest install or uninstall still in force. */
export function chooseRun(env: InstallerEnv, runs: readonly RunManifest[], id: string | undefined): RunManifest {
  if (id) return readRun(env, id);
  const latest = runsInForce(runs)[0];
  if (!latest) {
    throw new OrchestratorError('There is no install or uninstall run to roll back.', {
      code: 'NOT_FOUND',
      hint: 'List every run, rolled back or not, with `orchestrator rollback --list`.',
    });
  }
  return latest;
}

/**
 * Puts every file of a run back as it was before the run, byte for byte (a file the run created is deleted).
 * A file that changed after the run is refused, naming it, unless `force`; its current text is then backed
 * up by the rollback run itself, so even a forced rollback loses nothing. Changes made through Claude Code's
 * CLI are reversed with the commands recorded for them.
 */
export function planRollback(env: InstallerEnv, run: RunManifest, options: { force: boolean }): Plan {
  if (run.status === 'restored') {
    throw new OrchestratorError(`Run ${run.id} failed and was already undone when it failed; there is nothing to roll back.`, { code: 'CONFLICT' });
  }
  if (run.rolledBackAt) {
    throw new OrchestratorError(`Run ${run.id} was already rolled back (by ${run.rolledBackBy ?? 'an earlier rollback'}).`, {
      code: 'CONFLICT',
      ...(run.rolledBackBy && { hint: `To redo it, roll back ${run.rolledBackBy}.` }),
    });
  }
  const changed: string[] = [];
  const items: PlanItem[] = [];
  for (const [file, entries] of groupByFile(run.entries.filter((entry) => entry.via === 'file'))) {
    const first = entries[0]!;
    const current = readText(file);
    if (sha256(current) !== entries[entries.length - 1]!.sha256After) changed.push(file);
    const original = first.existed && first.backup ? readBackup(env, run.id, first.backup) : null;
    items.push(item(first, current === original ? 'unchanged' : 'restore', current, original, []));
  }
  for (const entry of [...run.entries].reverse().filter((candidate) => candidate.via === 'claude-cli')) {
    const current = readText(entry.path);
    if (!sameEntry(entry, currentEntry(current, entry), entry.entryAfter ?? null)) changed.push(`${entry.path} (${entry.scope} entry "${entry.name}")`);
    items.push({ ...item(entry, 'restore', current, current, entry.undo ?? []), via: 'claude-cli', undo: entry.commands ?? [] });
  }
  if (changed.length > 0 && !options.force) {
    throw new OrchestratorError(`Not rolled back: ${changed.join(', ')} changed after run ${run.id}.`, {
      code: 'CONFLICT',
      hint: 'Look at the change first; `--force` restores anyway (the current text is backed up by the rollback run).',
      details: { changed },
    });
  }
  return { action: 'rollback', name: run.name, server: null, items, restores: run.id };
}

/**
 * Marks `run` as undone by the rollback run `rollbackId` (null when its files were already back as they were,
 * so nothing had to be written); rolling back a rollback puts the run it had undone back in force.
 */
export function markRolledBack(env: InstallerEnv, run: RunManifest, rollbackId: string | null, now: Date): void {
  writeManifest(env, { ...run, rolledBackAt: now.toISOString(), ...(rollbackId && { rolledBackBy: rollbackId }) });
  if (run.action === 'rollback' && run.restores) {
    const { rolledBackAt: _at, rolledBackBy: _by, ...original } = readRun(env, run.restores);
    writeManifest(env, original);
  }
}

function item(entry: ManifestEntry, status: PlanItem['status'], before: string | null, after: string | null, commands: PlanItem['commands']): PlanItem {
  return {
    client: entry.client,
    scope: entry.scope,
    variant: entry.variant,
    file: entry.path,
    section: entry.section,
    ...spelling(entry),
    via: 'file',
    status,
    before,
    after,
    // Claude Code rewrites its files itself; the others only on a person's edit.
    locked: entry.client === 'claude-code',
    commands,
    undo: [],
  };
}

/** How the entry is spelled: manifests of versions that knew only the first six JSON clients do not say. */
function spelling(entry: ManifestEntry): { shape: ShapeId; format: FormatId } {
  const legacy: Partial<Record<string, ShapeId>> = { vscode: 'vscode', zed: 'zed', 'claude-code': 'claude-code' };
  return { shape: entry.shape ?? legacy[entry.client] ?? 'command', format: entry.format ?? 'json' };
}

/** Our entry in the file now; a file that no longer parses counts as changed (undefined matches nothing). */
function currentEntry(text: string | null, entry: ManifestEntry): unknown {
  try {
    return formatOf(spelling(entry).format).servers(text === null ? null : withoutBom(text).body, entry.section)?.[entry.name] ?? null;
  } catch (error) {
    if (error instanceof ConfigParseError) return undefined;
    throw error;
  }
}

/** Compared as the client reads it: Claude Code adds an empty `env` to what it is given. */
function sameEntry(entry: ManifestEntry, a: unknown, b: unknown): boolean {
  if (a === undefined) return false;
  if (a === null || b === null) return a === b;
  return isSameEntry(spelling(entry).shape, a, b);
}

function groupByFile(entries: readonly ManifestEntry[]): Map<string, ManifestEntry[]> {
  const groups = new Map<string, ManifestEntry[]>();
  for (const entry of entries) groups.set(entry.path, [...(groups.get(entry.path) ?? []), entry]);
  return groups;
}
