import { statSync } from 'node:fs';
import path from 'node:path';
import { checkIntegrity, TASK_STATUSES, type StoreDocument } from '../../core/index.js';
import type { StoreInspection } from '../../store/index.js';
import { formatBytes } from '../format.js';
import type { Check, CheckResult, DiagnosticsContext, FixRecord } from '../types.js';
import { integrityResults } from './store-integrity.js';

/**
 * The store (store.json and its journal, or the tables of a database): present, parse, schema version,
 * validation, integrity, agreement with the history, contents; and the size of the history.
 * Reads without a lock and never writes; `--fix` applies core's safe integrity repairs.
 */
export const storeCheck: Check = {
  id: 'store',
  title: 'Store',
  async run(context) {
    const { store } = context.service;
    const inspection = await store.inspect();
    const results = [...fileResults(context, inspection)];
    if (inspection.document) {
      const taskCount = Object.keys(inspection.document.tasks).length;
      results.push(...integrityResults(checkIntegrity(inspection.document, context.now()), taskCount));
      const history = await context.service.historyProblems();
      results.push(
        ...(history.length > 0
          ? integrityResults(history, taskCount)
          : [
              { id: 'store.history', title: 'History agrees', status: 'ok' as const, message: 'every task is as its last event in the history says' },
            ]),
      );
      results.push(contentsResult(context, inspection.document, inspection.bytes + inspection.journalBytes));
    }
    results.push(store.backend === 'file' ? eventsResult(context, inspection.document) : await historyResult(context));
    return results;
  },
  fix: {
    scope: 'repair',
    async apply(context, found) {
      const repairable = found.some((result) => result.status !== 'ok' && result.details?.safeFix === true);
      if (!repairable) return [];
      try {
        const fixed = await context.service.repair(context.actor);
        return fixed.map((message): FixRecord => ({ check: 'store', status: 'fixed', message }));
      } catch (error) {
        return [{ check: 'store', status: 'failed', message: `Could not repair the store: ${(error as Error).message}` }];
      }
    },
  },
};

function fileResults(context: DiagnosticsContext, inspection: StoreInspection<StoreDocument>): CheckResult[] {
  const { file, error } = inspection;
  const title = context.service.store.backend === 'file' ? 'store.json' : 'Store';
  if (context.service.store.backend !== 'file' && !inspection.exists) {
    return [{ id: 'store.file', title, status: 'ok', message: `no tables yet in ${file}; the first change creates them` }];
  }
  if (!inspection.exists) {
    const history = sizeOf(context.paths.events);
    if (history > 0) {
      return [
        {
          id: 'store.file',
          title: 'store.json',
          status: 'warn',
          message: `${file} is missing, but events.jsonl holds ${formatBytes(history)} of history: was it deleted?`,
          fix: `Restore a snapshot with \`orchestrator db restore <file>\` (snapshots are in ${context.paths.backups}).`,
        },
      ];
    }
    return [{ id: 'store.file', title: 'store.json', status: 'ok', message: `no store yet at ${file}; the first change creates it` }];
  }
  const journal = inspection.journalBytes > 0 ? ` and journal.jsonl (${formatBytes(inspection.journalBytes)} of changes since)` : '';
  const results: CheckResult[] = [
    {
      id: 'store.file',
      title,
      status: 'ok',
      message: `${file} (${formatBytes(inspection.bytes)})${journal}`,
      details: { file, bytes: inspection.bytes, journalBytes: inspection.journalBytes },
    },
  ];
  if (error?.code === 'STORE_CORRUPT') {
    results.push({
      id: 'store.parse',
      title: 'Parses',
      status: 'fail',
      message: error.message,
      ...(error.hint && { fix: error.hint }),
      ...(error.details && { details: error.details }),
    });
    return results;
  }
  results.push({
    id: 'store.parse',
    title: 'Parses',
    status: 'ok',
    message: context.service.store.backend === 'file' ? 'valid JSON' : 'every row reads',
  });
  results.push(schemaResult(inspection));
  if (error && error.code !== 'STORE_VERSION') {
    results.push({
      id: 'store.valid',
      title: 'Valid',
      status: 'fail',
      message: error.message,
      ...(error.hint && { fix: error.hint }),
      ...(error.details && { details: error.details }),
    });
  } else if (!error) {
    results.push({ id: 'store.valid', title: 'Valid', status: 'ok', message: 'matches the schema' });
  }
  return results;
}

function schemaResult({ fileVersion, supportedVersion, error }: StoreInspection<StoreDocument>): CheckResult {
  const base = { id: 'store.schema', title: 'Schema version' } as const;
  const details = { version: fileVersion ?? null, supported: supportedVersion };
  if (error?.code === 'STORE_VERSION') {
    return { ...base, status: 'fail', message: error.message, ...(error.hint && { fix: error.hint }), details };
  }
  if (fileVersion === undefined) return { ...base, status: 'fail', message: 'the file has no numeric "schemaVersion"', details };
  if (fileVersion < supportedVersion) {
    return {
      ...base,
      status: 'ok',
      message: `${fileVersion}; the next change migrates it to ${supportedVersion} (after a backup in backups/)`,
      details,
    };
  }
  return { ...base, status: 'ok', message: String(fileVersion), details };
}

function contentsResult(context: DiagnosticsContext, doc: StoreDocument, bytes: number): CheckResult {
  const counts = Object.fromEntries(TASK_STATUSES.map((status) => [status, 0])) as Record<string, number>;
  for (const task of Object.values(doc.tasks)) counts[task.status]!++;
  const total = Object.keys(doc.tasks).length;
  const archived = Object.keys(doc.archived).length;
  const parts = TASK_STATUSES.filter((status) => counts[status]! > 0).map((status) => `${counts[status]} ${status.replace('_', ' ')}`);
  const message = `${plural(total, 'task')}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}, ${archived} archived, ${plural(Object.keys(doc.workers).length, 'worker')}, revision ${doc.revision}`;
  const details = { bytes, tasks: total, byStatus: counts, archived, workers: Object.keys(doc.workers).length, revision: doc.revision };
  if (bytes > context.thresholds.storeBytes) {
    return {
      id: 'store.contents',
      title: 'Contents',
      status: 'warn',
      message: `${message}; the store takes ${formatBytes(bytes)} and every process reads it whole when it starts`,
      fix: '`orchestrator db optimize` moves old finished tasks to archive/.',
      details,
    };
  }
  return { id: 'store.contents', title: 'Contents', status: 'ok', message, details };
}

/** The history kept in the database: its size, with what `db optimize` moved out. */
async function historyResult(context: DiagnosticsContext): Promise<CheckResult> {
  const { eventsBytes, archiveBytes } = await context.service.store.footprint();
  return {
    id: 'store.events',
    title: 'History',
    status: 'ok',
    message:
      eventsBytes === 0 ? 'no history yet' : `${formatBytes(eventsBytes)}${archiveBytes > 0 ? `, and ${formatBytes(archiveBytes)} archived` : ''}`,
    details: { bytes: eventsBytes, archiveBytes },
  };
}

function eventsResult(context: DiagnosticsContext, doc: StoreDocument | undefined): CheckResult {
  const base = { id: 'store.events', title: 'events.jsonl' } as const;
  const bytes = sizeOf(context.paths.events);
  const committed = doc?.eventLogBytes;
  const details = { file: context.paths.events, bytes, committedBytes: committed ?? null };
  if (committed !== undefined && bytes < committed) {
    return {
      ...base,
      status: 'warn',
      message: `${formatBytes(bytes)}, shorter than the ${formatBytes(committed)} the store committed: history was cut or replaced`,
      fix: 'Nothing breaks: the next change appends after it. Old history may be in archive/ or a backup.',
      details,
    };
  }
  if (bytes > context.thresholds.eventsBytes) {
    return {
      ...base,
      status: 'warn',
      message: `${formatBytes(bytes)}: large history slows \`tasks log\` and \`tasks show --history\``,
      fix: `\`orchestrator db optimize --keep-days 30\` moves older events to ${path.join(context.paths.archive, 'events-<date>.jsonl')}.`,
      details,
    };
  }
  return { ...base, status: 'ok', message: bytes === 0 ? 'no history yet' : formatBytes(bytes), details };
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
