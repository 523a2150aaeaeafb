import { parsePgUrl } from '../store/pg/url.js';
import { applyPlan, type ApplyOptions, type ApplyResult } from './apply.js';
import { backupsDir, listRuns, type RunManifest } from './backups.js';
import type { ClientId, Scope } from './clients/index.js';
import type { Launcher, ServerSpec, SpecContext } from './entry.js';
import type { InstallerEnv } from './env.js';
import { planLaunch, thisInstallation, type Launch } from './launch.js';
import { planInstall } from './plan-install.js';
import { planUninstall } from './plan-uninstall.js';
import type { Plan } from './plan.js';
import { itemReport, planOnly, type RunReport, type VerificationReport } from './report.js';
import { specFromEntry } from './shapes.js';
import { chooseRun, markRolledBack, planRollback } from './rollback.js';
import { verifyServer } from './verify.js';

/** The variable every orchestrator process reads its store from (the same as the global --store). */
export const STORE_VARIABLE = 'ORCHESTRATOR_STORE';

export interface InstallerDeps {
  env: InstallerEnv;
  /** Where Node and our bin script are; defaults to this process and this package. */
  context?: SpecContext;
  apply?: ApplyOptions;
  verifyTimeoutMs?: number;
}

export function specContext(deps: InstallerDeps): SpecContext {
  return deps.context ?? thisInstallation(deps.env);
}

export interface InstallOptions {
  clients: readonly ClientId[];
  scope: Scope;
  name: string;
  launcher: Launcher;
  /** Absolute data directory to pass as --data-dir. */
  dataDir?: string | undefined;
  /** A postgres:// URL: written into the entry's environment as ORCHESTRATOR_STORE. */
  store?: string | undefined;
  dryRun: boolean;
  verify: boolean;
  /** Write this command instead of ours (diagnostics and tests point it at another server). */
  server?: ServerSpec;
}

export async function runInstall(options: InstallOptions, deps: InstallerDeps): Promise<RunReport> {
  const planned: Launch = options.server
    ? { spec: options.server, launcher: options.launcher, note: null }
    : planLaunch({ launcher: options.launcher, dataDir: options.dataDir }, specContext(deps));
  const launch = options.store ? { ...planned, spec: withStore(planned.spec, options.store) } : planned;
  const plan = planInstall({ clients: options.clients, scope: options.scope, name: options.name, server: launch.spec }, deps.env, listRuns(deps.env));
  const report = await carryOut(plan, options.dryRun, deps);
  if (launch.note) report.notes.push(launch.note);
  if (options.verify && !options.dryRun) report.verification = await verifyEntries(report, plan, launch, deps);
  report.ok = report.ok && report.verification.every((check) => check.ok);
  return report;
}

/**
 * The entry's environment names the PostgreSQL store: an environment variable rather than an argument, so the URL
 * (which may hold a password) is not on every process list, and a later reinstall keeps it as it keeps any
 * variable of the entry.
 */
export function withStore(spec: ServerSpec, store: string): ServerSpec {
  parsePgUrl(store);
  return { ...spec, env: { ...spec.env, [STORE_VARIABLE]: store } };
}

export interface ReinstallOptions {
  client: ClientId;
  scope: Scope;
  /** The one file to write: an install for a scope would also write the files of the client's other builds. */
  file: string;
  name: string;
  launcher: Launcher;
  dataDir?: string | undefined;
}

/**
 * Installs again into one file, with the launcher and data directory the entry was written with: how doctor
 * repairs a stale or lost entry. The same plan, backups and apply as `install`; a file that does not parse is
 * skipped by the plan, never written.
 */
export async function runReinstall(options: ReinstallOptions, deps: InstallerDeps): Promise<RunReport> {
  const launch = planLaunch({ launcher: options.launcher, dataDir: options.dataDir }, specContext(deps));
  const plan = planInstall(
    { clients: [options.client], scope: options.scope, name: options.name, server: launch.spec },
    deps.env,
    listRuns(deps.env),
  );
  const report = await carryOut({ ...plan, items: plan.items.filter((item) => item.file === options.file) }, false, deps);
  if (launch.note) report.notes.push(launch.note);
  return report;
}

export interface UninstallOptions {
  clients: readonly ClientId[];
  scope?: Scope | undefined;
  name: string;
  dryRun: boolean;
}

export async function runUninstall(options: UninstallOptions, deps: InstallerDeps): Promise<RunReport> {
  const plan = planUninstall(options, deps.env, listRuns(deps.env));
  return carryOut(plan, options.dryRun, deps);
}

export interface RollbackOptions {
  id?: string | undefined;
  force: boolean;
  dryRun: boolean;
}

export async function runRollback(options: RollbackOptions, deps: InstallerDeps): Promise<RunReport> {
  const run = chooseRun(deps.env, listRuns(deps.env), options.id);
  const plan = planRollback(deps.env, run, { force: options.force });
  const report = await carryOut(plan, options.dryRun, deps);
  if (!options.dryRun) {
    const statuses = report.items.map((item) => item.status);
    markRolledBack(deps.env, run, plan, statuses, report.runId, deps.apply?.now?.() ?? new Date());
  }
  return report;
}

export interface RunSummary {
  id: string;
  action: RunManifest['action'];
  name: string;
  createdAt: string;
  status: RunManifest['status'];
  rolledBackAt: string | null;
  rolledBackBy: string | null;
  restores: string | null;
  files: Array<{ client: ClientId; scope: Scope; path: string; via: 'file' | 'claude-cli'; existed: boolean; restoredBy: string | null }>;
}

export function runRollbackList(deps: InstallerDeps): { backupDir: string; runs: RunSummary[] } {
  const runs = listRuns(deps.env).map((run) => ({
    id: run.id,
    action: run.action,
    name: run.name,
    createdAt: run.createdAt,
    status: run.status,
    rolledBackAt: run.rolledBackAt ?? null,
    rolledBackBy: run.rolledBackBy ?? null,
    restores: run.restores ?? null,
    files: run.entries.map((entry) => ({
      client: entry.client,
      scope: entry.scope,
      path: entry.path,
      via: entry.via,
      existed: entry.existed,
      restoredBy: entry.restoredBy ?? null,
    })),
  }));
  return { backupDir: backupsDir(deps.env), runs };
}

async function carryOut(plan: Plan, dryRun: boolean, deps: InstallerDeps): Promise<RunReport> {
  const applied: ApplyResult = dryRun ? { runId: null, backupDir: null, items: planOnly(plan.items) } : await applyPlan(plan, deps.env, deps.apply);
  const items = applied.items.map((item) => itemReport(item, dryRun));
  return {
    action: plan.action,
    dryRun,
    name: plan.name,
    server: plan.server,
    runId: applied.runId,
    backupDir: applied.backupDir,
    ...(plan.restores && { restores: plan.restores }),
    items,
    verification: [],
    notes: [],
    ok: items.every((item) => item.status !== 'skip'),
  };
}

/** Starts each distinct configured command once, the way the clients will, and completes the handshake. */
async function verifyEntries(report: RunReport, plan: Plan, launch: Launch, deps: InstallerDeps): Promise<VerificationReport[]> {
  const groups = new Map<string, { spec: ServerSpec; clients: Set<ClientId> }>();
  plan.items.forEach((item, index) => {
    const status = report.items[index]!.status;
    if (status !== 'add' && status !== 'update' && status !== 'unchanged') return;
    const spec = specFromEntry(item.shape, item.entryAfter);
    if (!spec) return;
    const key = JSON.stringify(spec);
    const group = groups.get(key) ?? { spec, clients: new Set<ClientId>() };
    group.clients.add(item.client);
    groups.set(key, group);
  });
  const checks: VerificationReport[] = [];
  for (const { spec, clients } of groups.values()) {
    const home: Record<string, string> = { [deps.env.platform === 'win32' ? 'USERPROFILE' : 'HOME']: deps.env.home };
    const result = await verifyServer(spec, {
      cwd: deps.env.cwd,
      baseEnv: { ...home, PATH: deps.env.pathEnv },
      ...(deps.verifyTimeoutMs && { timeoutMs: deps.verifyTimeoutMs }),
    });
    const fix = result.ok ? undefined : launcherFix(result, launch);
    checks.push({ ...result, ...(fix && { fix }), command: spec.command, args: spec.args, clients: [...clients] });
  }
  return checks;
}

/** Advice that knows how our entry is built, on top of the generic fix. */
function launcherFix(result: Extract<Awaited<ReturnType<typeof verifyServer>>, { ok: false }>, launch: Launch): string | undefined {
  if (/unknown command .?serve/i.test(result.stderr)) {
    return 'This installation of orchestrator has no `serve` command: update it (npm install -g orchestrator-mcp@latest) and install again.';
  }
  if (launch.launcher === 'npx' && (result.problem === 'not-found' || result.problem === 'timeout')) {
    // From npx's cache the node launcher is not on offer: only a global install gives absolute paths.
    const instead = launch.note
      ? '`npm i -g orchestrator-mcp`, then install again: the entry then names Node and orchestrator by absolute path.'
      : 'Install with `--launcher node` to write the absolute path of Node and of orchestrator instead.';
    return `${result.fix} ${instead}`;
  }
  return undefined;
}
