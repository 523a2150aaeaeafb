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
 * Puts the files of a run back as they were before it, file by file. A file that has not changed since the run is
 * restored byte for byte (a file the run created is deleted). A file that changed since (Claude Code rewrites its
 * own all the time) but still holds our entry as the run left it gets only that entry put back, and keeps the
 * rest of its changes. A file whose entry changed too is skipped, and the report says so, unless `force`, which
 * restores the copy from before the run (the current text is backed up by the rollback run itself, so even then
 * nothing is lost). Changes made through Claude Code's CLI are reversed with the commands recorded for them.
 */
export function planRollback(env: InstallerEnv, run: RunManifest, options: { force: boolean }): Plan {
  if (run.status === 'restored') {
    throw new OrchestratorError(`Run ${run.id} failed and was already undone when it failed; there is nothing to roll back.`, { code: 'CONFLICT' });
  }
  const pending = run.entries.map((entry, index) => ({ entry, index })).filter(({ entry }) => !entry.restoredBy);
  if (run.rolledBackAt || pending.length === 0) {
    throw new OrchestratorError(`Run ${run.id} was already rolled back (by ${run.rolledBackBy ?? 'an earlier rollback'}).`, {
      code: 'CONFLICT',
      ...(run.rolledBackBy && { hint: `To redo it, roll back ${run.rolledBackBy}.` }),
    });
  }
  const items: PlanItem[] = [];
  for (const [file, group] of groupByFile(pending.filter(({ entry }) => entry.via === 'file')))
    items.push(fileItem(env, run, file, group, options.force));
  for (const source of [...pending].reverse().filter(({ entry }) => entry.via === 'claude-cli')) items.push(cliItem(run, source, options.force));
  return { action: 'rollback', name: run.name, server: null, items, restores: run.id };
}

type Source = { entry: ManifestEntry; index: number };

function fileItem(env: InstallerEnv, run: RunManifest, file: string, group: Source[], force: boolean): PlanItem {
  const first = group[0]!.entry;
  const base = { ...item(first, 'restore', null, null, []), restores: group.map((source) => source.index), mode: first.mode ?? null };
  const current = readText(file);
  const original = first.existed && first.backup ? readBackup(env, run.id, first.backup) : null;
  if (current === original) return { ...base, status: 'unchanged', before: current, after: current };
  if (sha256(current) === group.at(-1)!.entry.sha256After) return { ...base, before: current, after: original };
  const undone = undoEntries(current, group);
  if (undone !== undefined) {
    const reason = `changed since run ${run.id}: only orchestrator's entry was put back; the rest of the file keeps its changes`;
    return { ...base, before: current, after: undone, reason };
  }
  if (force) {
    const reason = `changed since run ${run.id}, orchestrator's entry too: restored with --force (the current text is backed up by this rollback)`;
    return { ...base, before: current, after: original, reason };
  }
  const reason = `changed since run ${run.id}, orchestrator's entry too: not restored; \`--force\` puts back the copy from before the run`;
  return { ...base, status: 'skip', before: current, after: current, reason };
}

function cliItem(run: RunManifest, { entry, index }: Source, force: boolean): PlanItem {
  const current = readText(entry.path);
  const base = {
    ...item(entry, 'restore', current, current, entry.undo ?? []),
    via: 'claude-cli' as const,
    undo: entry.commands ?? [],
    restores: [index],
  };
  if (force || sameEntry(entry, currentEntry(current, entry), entry.entryAfter ?? null)) return base;
  const reason = `the ${entry.scope} entry "${entry.name}" changed since run ${run.id}: not restored; \`--force\` runs the undo commands anyway`;
  return { ...base, status: 'skip', commands: [], reason };
}

/**
 * The text with the run's changes to our entries reversed, newest first; undefined when an entry is no longer as
 * the run left it (or the file does not parse): then only a person, or --force, should decide.
 */
function undoEntries(current: string | null, group: readonly Source[]): string | null | undefined {
  let text = current;
  for (const { entry } of [...group].reverse()) {
    if (!sameEntry(entry, currentEntry(text, entry), entry.entryAfter ?? null)) return undefined;
    const { shape, format } = spelling(entry);
    const { body, bom } = text === null ? { body: null, bom: '' } : withoutBom(text);
    const before = entry.entryBefore;
    try {
      if (before === null || before === undefined) {
        const outcome = formatOf(format).remove(body, entry.section, entry.name, entry.created ?? null);
        if (outcome.change === 'removed') text = outcome.text === null ? null : bom + outcome.text;
      } else {
        const outcome = formatOf(format).set(body, entry.section, entry.name, before as Record<string, unknown>, (existing) =>
          isSameEntry(shape, existing, before),
        );
        text = bom + outcome.text;
      }
    } catch (error) {
      if (error instanceof ConfigParseError) return undefined;
      throw error;
    }
  }
  return text;
}

/**
 * Records in `run` which of its entries the rollback run `rollbackId` put back (null: they were already as
 * before, so nothing had to be written), and marks the run rolled back once all are. Rolling back a rollback puts
 * what it had undone back in force.
 */
export function markRolledBack(
  env: InstallerEnv,
  run: RunManifest,
  plan: Plan,
  statuses: readonly PlanItem['status'][],
  rollbackId: string | null,
  now: Date,
): void {
  const by = rollbackId ?? 'nothing to write';
  const at = now.toISOString();
  const restored = new Set(plan.items.flatMap((planned, index) => (statuses[index] === 'skip' ? [] : (planned.restores ?? []))));
  const entries = run.entries.map((entry, index) => (restored.has(index) ? { ...entry, restoredBy: by, restoredAt: at } : entry));
  const complete = entries.every((entry) => entry.restoredBy);
  writeManifest(env, { ...run, entries, ...(complete && { rolledBackAt: at, ...(rollbackId && { rolledBackBy: rollbackId }) }) });
  if (run.action === 'rollback' && run.restores && complete) {
    const original = readRun(env, run.restores);
    const entries = original.entries.map(({ restoredBy, restoredAt, ...entry }) =>
      restoredBy === run.id ? entry : { ...entry, restoredBy, restoredAt },
    );
    const { rolledBackAt, rolledBackBy, ...rest } = original;
    writeManifest(env, { ...rest, entries, ...(rolledBackBy !== run.id && rolledBackAt && { rolledBackAt, ...(rolledBackBy && { rolledBackBy }) }) });
  }
}

function item(
  entry: ManifestEntry,
  status: PlanItem['status'],
  before: string | null,
  after: string | null,
  commands: PlanItem['commands'],
): PlanItem {
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

function groupByFile(sources: readonly Source[]): Map<string, Source[]> {
  const groups = new Map<string, Source[]>();
  for (const source of sources) groups.set(source.entry.path, [...(groups.get(source.entry.path) ?? []), source]);
  return groups;
}
