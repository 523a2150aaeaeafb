import type { Command } from 'commander';
import type { WorkerListing, WorkerSummary } from '../../core/index.js';
import type { Output } from '../../ui/output.js';
import { renderTable } from '../../ui/table.js';
import { color } from '../../ui/theme.js';
import { relative, span } from '../../ui/time.js';
import { commandContext } from '../context.js';

export async function workers(options: { wide?: boolean }, command: Command): Promise<void> {
  const ctx = commandContext(command);
  const listing = await ctx.service.workers();
  if (ctx.json) ctx.out.json(listing);
  else printWorkers(ctx.out, listing, ctx.service.now(), { width: ctx.out.columns, wide: Boolean(options.wide) });
}

function printWorkers(out: Output, listing: WorkerListing, now: Date, layout: { width: number | undefined; wide: boolean }): void {
  if (listing.workers.length === 0) {
    out.line('No worker has used this store yet. Workers appear when they claim a task (`orchestrator tasks next`).');
    return;
  }
  const lines = renderTable(
    listing.workers,
    [
      { header: 'WORKER', value: (worker) => worker.id, max: 32, shrink: [{ round: 2, min: 12 }] },
      { header: 'LAST SEEN', value: (worker) => relative(worker.lastSeen, now) },
      {
        header: 'LEASE LEFT',
        value: (worker) => leaseLeft(worker, now),
        style: (text, worker) => (worker.holding.some((task) => task.leaseExpired) ? color.magenta(text) : text),
      },
      { header: 'HOLDS', value: (worker) => holds(worker), shrink: [{ round: 1, min: 10 }] },
    ],
    { header: color.bold, width: layout.width, wide: layout.wide },
  );
  for (const line of lines) out.line(line);
  const stale = listing.workers.filter((worker) => worker.stale).length;
  const { slots } = listing;
  out.line();
  out.line(
    color.dim(
      `${listing.workers.length} worker${listing.workers.length === 1 ? '' : 's'}` +
        (stale > 0 ? ` (${stale} stale)` : '') +
        (slots.limit > 0 ? ` · ${slots.used} of ${slots.limit} slots in use` : ''),
    ),
  );
}

function holds(worker: WorkerSummary): string {
  if (worker.holding.length === 0) return worker.stale ? '— (stale)' : '—';
  return worker.holding.map((task) => `${task.id} ${task.title}`).join(', ');
}

/** The soonest lease of the tasks the worker holds: the first moment something goes back to the pool. */
function leaseLeft(worker: WorkerSummary, now: Date): string {
  const ends = worker.holding.flatMap((task) => (task.expiresAt ? [Date.parse(task.expiresAt)] : []));
  if (ends.length === 0) return '—';
  const ms = Math.min(...ends) - now.getTime();
  return ms <= 0 ? `expired ${span(ms)} ago` : span(ms);
}
