import type { Command } from 'commander';
import { openTaskService } from '../../core/index.js';
import { watchStore, type WatchData } from '../../dashboard/watch.js';
import { activityLine, watchFrame, type WatchLayout } from './frame.js';

export interface WatchOptions {
  list?: boolean;
}

const ENTER = '\x1b[?1049h\x1b[?25l';
const LEAVE = '\x1b[?25h\x1b[?1049l';

/** Follows the store until q, Ctrl-C or a signal: redrawn in place on a terminal, one line per event otherwise. */
export async function watch(options: WatchOptions, command: Command): Promise<void> {
  const { dataDir } = command.optsWithGlobals<{ dataDir?: string }>();
  const { service } = openTaskService({ dataDir });
  const abort = new AbortController();
  const stop = () => abort.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const updates = watchStore(service, abort.signal);
  try {
    if (process.stdout.isTTY) await drawLive(updates, options.list ? 'list' : 'board', abort);
    else await printLines(updates, abort.signal);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

async function printLines(updates: AsyncGenerator<{ data: WatchData; fresh: WatchData['activity'] }>, signal: AbortSignal): Promise<void> {
  const out = process.stdout;
  const ended = new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  // The change feed does not keep a process alive on its own; this command lives until it is stopped.
  const alive = setInterval(() => {}, 60_000);
  let first = true;
  for (;;) {
    const next = await Promise.race([updates.next(), ended.then(() => null)]);
    if (!next || next.done) break;
    const { data, fresh } = next.value;
    const titles = new Map(data.cards.map((card) => [card.id, card.title]));
    if (first) {
      const count = (column: string) => data.cards.filter((card) => card.column === column).length;
      out.write(
        `orchestrator watch: ${data.dataDir} at revision ${data.revision}: ${count('ready')} ready, ${count('blocked')} blocked, ` +
          `${count('in_progress')} in progress, ${count('completed')} completed, ${count('failed')} failed; ${data.workers.workers.length} workers\n`,
      );
      first = false;
    }
    for (const item of fresh) out.write(`${activityLine(item, (id) => titles.get(id))}\n`);
  }
  clearInterval(alive);
  void updates.return(undefined).catch(() => {});
}

async function drawLive(
  updates: AsyncGenerator<{ data: WatchData; fresh: WatchData['activity'] }>,
  initial: WatchLayout,
  abort: AbortController,
): Promise<void> {
  const out = process.stdout;
  const input = process.stdin;
  let layout = initial;
  let data: WatchData | undefined;
  const draw = () => {
    if (!data) return;
    const lines = watchFrame({ ...data, now: new Date() }, { width: out.columns || 80, height: out.rows || 24, layout });
    out.write(`\x1b[H${lines.join('\x1b[K\n')}\x1b[K\x1b[J`);
  };
  const onKey = (key: Buffer) => {
    const text = key.toString();
    if (text === 'q' || text === '\x03' || text === '\x04') abort.abort();
    else if (text === 'b' || text === 'l') {
      layout = text === 'b' ? 'board' : 'list';
      draw();
    }
  };
  out.write(ENTER);
  if (input.isTTY) {
    input.setRawMode(true);
    input.resume();
    input.on('data', onKey);
  }
  out.on('resize', draw);
  const tick = setInterval(draw, 1_000);
  try {
    const ended = new Promise<void>((resolve) => abort.signal.addEventListener('abort', () => resolve(), { once: true }));
    for (;;) {
      const next = await Promise.race([updates.next(), ended.then(() => null)]);
      if (!next || next.done) break;
      data = next.value.data;
      draw();
    }
  } finally {
    clearInterval(tick);
    out.off('resize', draw);
    if (input.isTTY) {
      input.off('data', onKey);
      input.setRawMode(false);
      input.pause();
    }
    out.write(LEAVE);
    void updates.return(undefined).catch(() => {});
  }
}
