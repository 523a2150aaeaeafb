import { isOrchestratorError } from '../../errors.js';
import { displayPath, runReinstall } from '../../installer/index.js';
import type { CheckResult, DiagnosticsContext, FixRecord } from '../types.js';
import type { Repair } from './entry-results.js';

/**
 * `--fix` for client entries: each result that carries a `repair` (a stale entry install wrote, or one an install
 * in force wrote and that is gone) is installed again into its one file, through install's own plan, backups and
 * apply. Absent entries a person never installed carry no repair, so nothing is added where it was not asked for.
 */
export async function repairEntries(context: DiagnosticsContext, found: readonly CheckResult[]): Promise<FixRecord[]> {
  const records: FixRecord[] = [];
  for (const result of found) {
    const repair = result.details?.repair as Repair | undefined;
    if (!repair || result.status === 'ok') continue;
    records.push(await reinstall(context, result.title, repair));
  }
  return records;
}

async function reinstall(context: DiagnosticsContext, title: string, repair: Repair): Promise<FixRecord> {
  const { machine } = context;
  const where = `"${repair.name}" in ${displayPath(machine.env, repair.file)}`;
  let report;
  try {
    report = await runReinstall(
      {
        client: repair.client,
        scope: repair.scope,
        file: repair.file,
        name: repair.name,
        launcher: repair.launcher,
        dataDir: repair.dataDir ?? undefined,
      },
      { env: machine.env, context: machine.spec, ...(machine.apply && { apply: machine.apply }) },
    );
  } catch (error) {
    if (!isOrchestratorError(error)) throw error;
    return { check: 'clients', status: 'failed', message: `${title}: could not write ${where}: ${error.message}` };
  }
  const item = report.items[0];
  if (!item)
    return {
      check: 'clients',
      status: 'skipped',
      message: `${title}: ${where} left alone: install no longer writes that file (is the client still installed?)`,
    };
  if (item.status === 'unchanged') return { check: 'clients', status: 'skipped', message: `${title}: ${where} is current already` };
  if (item.status !== 'add' && item.status !== 'update') {
    return { check: 'clients', status: 'skipped', message: `${title}: ${where} left alone: ${item.reason ?? item.status}` };
  }
  const undo = report.runId ? ` (backup run ${report.runId}; \`orchestrator rollback ${report.runId}\` undoes it)` : '';
  const verb = item.status === 'add' ? 'installed again' : 'rewritten';
  return { check: 'clients', status: 'fixed', message: `${title}: ${where} ${verb}${undo}. ${item.nextStep ?? ''}`.trim() };
}
