import { isOrchestratorError } from '../errors.js';
import { doctorChecks } from './registry.js';
import type { Check, CheckResult, CheckStatus, DiagnosticsContext, FixRecord, FixScope, ReportedResult } from './types.js';

export interface DoctorOptions {
  /** Apply every safe fix (stale locks, integrity repairs, stale or lost client entries). */
  fix?: boolean;
  /** Remove stale locks only. */
  cleanupLocks?: boolean;
}

export interface DoctorDeps {
  context: DiagnosticsContext;
  /** Defaults to every registered check (registry.ts). */
  checks?: readonly Check[];
  /** Called with the title of each check as it starts, and with undefined when all are done. */
  onProgress?: (title: string | undefined) => void;
}

export interface DoctorReport {
  /** False when any result failed. */
  ok: boolean;
  dataDir: { dir: string; source: string; reason: string };
  /** Each check that ran, with the worst status among its results. */
  checks: Array<{ id: string; title: string; status: CheckStatus }>;
  results: ReportedResult[];
  /** What the fixes did; empty without --fix / --cleanup-locks, or when there was nothing to fix. */
  fixes: FixRecord[];
  summary: { ok: number; warn: number; fail: number };
}

/** Lock cleanup first: repairs need the lock. */
const FIX_ORDER: readonly FixScope[] = ['locks', 'repair'];

/**
 * Runs the checks; with fixes asked for, applies those whose scope is enabled to what the checks found, then
 * runs every check again so the report shows the state after the fixes. Returns data; printing is separate.
 */
export async function runDoctor(options: DoctorOptions, deps: DoctorDeps): Promise<DoctorReport> {
  const checks = (deps.checks ?? doctorChecks()).filter((check) => check.appliesTo?.(deps.context) ?? true);
  let found = await runChecks(checks, deps);
  const scopes = new Set<FixScope>([...(options.fix ? FIX_ORDER : []), ...(options.cleanupLocks ? (['locks'] as const) : [])]);
  const fixes: FixRecord[] = [];
  for (const scope of FIX_ORDER.filter((candidate) => scopes.has(candidate))) {
    for (const check of checks) {
      if (check.fix?.scope !== scope) continue;
      const results = found.get(check) ?? [];
      if (results.every((result) => result.status === 'ok')) continue;
      deps.onProgress?.(`Fixing: ${check.title}`);
      fixes.push(...(await check.fix.apply(deps.context, results)));
    }
  }
  if (fixes.some((record) => record.status === 'fixed')) found = await runChecks(checks, deps);
  deps.onProgress?.(undefined);

  const results = checks.flatMap((check) => (found.get(check) ?? []).map((result) => ({ check: check.id, ...result })));
  const summary = { ok: 0, warn: 0, fail: 0 };
  for (const result of results) summary[result.status]++;
  const { dir, source, reason } = deps.context.dataDir;
  const reported = checks.map((check) => ({ id: check.id, title: check.title, status: worst(found.get(check) ?? []) }));
  return { ok: summary.fail === 0, dataDir: { dir, source, reason }, checks: reported, results, fixes, summary };
}

function worst(results: readonly CheckResult[]): CheckStatus {
  if (results.some((result) => result.status === 'fail')) return 'fail';
  return results.some((result) => result.status === 'warn') ? 'warn' : 'ok';
}

async function runChecks(checks: readonly Check[], deps: DoctorDeps): Promise<Map<Check, CheckResult[]>> {
  const found = new Map<Check, CheckResult[]>();
  for (const check of checks) {
    deps.onProgress?.(check.title);
    found.set(check, await runOne(check, deps.context, (step) => deps.onProgress?.(`${check.title}: ${step}`)));
  }
  return found;
}

/** A check that stops on an error a user can act on reports it as a failure; the other checks still run. */
async function runOne(check: Check, context: DiagnosticsContext, progress: (step: string) => void): Promise<CheckResult[]> {
  try {
    return await check.run(context, progress);
  } catch (error) {
    if (!isOrchestratorError(error)) throw error;
    return [
      {
        id: check.id,
        title: check.title,
        status: 'fail',
        message: error.message,
        ...(error.hint && { fix: error.hint }),
        details: { code: error.code, ...error.details },
      },
    ];
  }
}
