import type { RunAction } from './backups.js';
import { getClient, type ClientId, type Scope } from './clients/index.js';
import { commandText, itemDiff } from './diff.js';
import type { ServerSpec } from './entry.js';
import type { AppliedItem } from './apply.js';
import { isChange, type ItemStatus, type PlanItem, type Problem } from './plan.js';
import type { VerifyResult } from './verify.js';

/** One file (or client) in the result of install, uninstall or rollback; the `--json` shape in docs/install.md. */
export interface ItemReport {
  client: ClientId;
  clientName: string;
  scope: Scope;
  variant: string | null;
  path: string | null;
  via: 'file' | 'claude-cli';
  status: ItemStatus;
  reason?: string;
  problem?: Problem;
  /** Unified diff of the file (dry runs). */
  diff?: string;
  /** Commands run, or that would run, as a person would type them. */
  commands?: string[];
  warnings: string[];
  /** What to do so the client picks up the change. */
  nextStep?: string;
}

export type VerificationReport = VerifyResult & { command: string; args: string[]; clients: ClientId[] };

export interface RunReport {
  action: RunAction;
  dryRun: boolean;
  name: string;
  server: ServerSpec | null;
  /** The backup run that holds this run's changes; null for a dry run or when nothing changed. */
  runId: string | null;
  backupDir: string | null;
  restores?: string;
  items: ItemReport[];
  verification: VerificationReport[];
  /** What the run decided on its own that a person should know (the launcher it switched to, and why). */
  notes: string[];
  /** False when a client was skipped or the server failed its check: the exit code is then 1. */
  ok: boolean;
}

export function itemReport(applied: AppliedItem, dryRun: boolean): ItemReport {
  const { item, status, warnings } = applied;
  const client = getClient(item.client);
  const changed = isChange({ ...item, status });
  const diff = dryRun ? itemDiff(item) : '';
  return {
    client: item.client,
    clientName: client.name,
    scope: item.scope,
    variant: item.variant,
    path: item.file,
    via: item.via,
    status,
    ...(item.reason && { reason: item.reason }),
    ...(item.problem && { problem: item.problem }),
    ...(diff && { diff }),
    ...(item.commands.length > 0 && changed && { commands: item.commands.map(commandText) }),
    warnings,
    ...(changed && { nextStep: client.nextStep(item.scope, status === 'add' || status === 'update' ? 'added' : 'other') }),
  };
}

export function planOnly(items: readonly PlanItem[]): AppliedItem[] {
  return items.map((item) => ({ item, status: item.status, warnings: [...(item.warnings ?? [])] }));
}

/** The report of a run that had nothing to do. */
export function emptyReport(action: RunAction, name: string, dryRun: boolean): RunReport {
  return { action, dryRun, name, server: null, runId: null, backupDir: null, items: [], verification: [], notes: [], ok: true };
}
