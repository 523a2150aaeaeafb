import { COLUMNS, type ActivityItem, type Card, type Column } from '../../dashboard/views.js';
import type { WatchData } from '../../dashboard/watch.js';
import { displayWidth, truncate } from '../../ui/table.js';

// `orchestrator watch`: what the terminal shows, as lines of text. Pure functions of the data and the screen
// size; handlers.ts draws them.

export type WatchLayout = 'board' | 'list';

const LABELS: Record<Column, string> = {
  ready: 'Ready',
  blocked: 'Blocked',
  in_progress: 'In progress',
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** Store text on a terminal: control characters (escape sequences, line breaks) shown as spaces. */
export function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
}

/** Cuts (with an ellipsis) or pads to exactly `width` columns; wide characters count double. */
export function fit(text: string, width: number): string {
  if (width <= 0) return '';
  const total = displayWidth(text);
  if (total <= width) return text + ' '.repeat(width - total);
  const cut = truncate(text, width);
  return cut + ' '.repeat(width - displayWidth(cut));
}

export function countdown(expiresAt: string | null, now: Date): string {
  if (!expiresAt) return '';
  const left = Math.round((Date.parse(expiresAt) - now.getTime()) / 1000);
  if (left <= 0) return 'EXPIRED';
  const m = Math.floor(left / 60);
  return m >= 60 ? `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')} left` : `${m}:${String(left % 60).padStart(2, '0')} left`;
}

function ago(iso: string, now: Date): string {
  const s = Math.max(0, Math.round((now.getTime() - Date.parse(iso)) / 1000));
  return s < 60
    ? `${s}s ago`
    : s < 3600
      ? `${Math.floor(s / 60)}m ago`
      : s < 86400
        ? `${Math.floor(s / 3600)}h ago`
        : `${Math.floor(s / 86400)}d ago`;
}

function time(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '--:--:--' : date.toTimeString().slice(0, 8);
}

/** One line of activity, as `watch` prints it without a terminal and in its latest events. */
export function activityLine(item: ActivityItem, titleOf: (id: string) => string | undefined): string {
  const moved = item.from && item.to && item.from !== item.to ? ` ${item.from} -> ${item.to}` : '';
  const title = item.taskId ? titleOf(item.taskId) : undefined;
  return clean(`${time(item.ts)} ${item.actor ?? '-'} ${item.op}${item.taskId ? ` ${item.taskId}` : ''}${moved}${title ? `  ${title}` : ''}`);
}

function byColumn(cards: readonly Card[]): Record<Column, Card[]> {
  const columns = Object.fromEntries(COLUMNS.map((column) => [column, [] as Card[]])) as Record<Column, Card[]>;
  for (const card of cards) columns[card.column].push(card);
  columns.in_progress.sort((a, b) => (a.leaseExpiresAt ?? '').localeCompare(b.leaseExpiresAt ?? ''));
  for (const column of ['completed', 'failed', 'cancelled'] as const) columns[column].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  return columns;
}

function cardLine(card: Card, now: Date): string {
  const lease = card.column === 'in_progress' ? ` @${card.assignee ?? '?'} ${countdown(card.leaseExpiresAt, now)}` : '';
  return clean(`${card.id} ${card.title}${lease}`);
}

/** The whole screen: header, counts, the board (or the list), the agents and the latest events. */
export function watchFrame(data: WatchData, screen: { width: number; height: number; layout: WatchLayout }): string[] {
  const { width, height, layout } = screen;
  const columns = byColumn(data.cards);
  const titles = new Map(data.cards.map((card) => [card.id, card.title]));
  const lines: string[] = [];
  lines.push(
    fit(clean(`orchestrator watch  ${data.dataDir}  rev ${data.revision}  ${data.now.toTimeString().slice(0, 8)}`), Math.max(0, width - 30)) +
      fit('  q quit  b board  l list', 30),
  );
  lines.push(fit(COLUMNS.map((column) => `${LABELS[column]} ${columns[column].length}`).join(' · '), width));
  const workerLines = data.workers.workers.slice(0, 6).map((worker) => {
    const held = worker.holding.map((task) => `${task.id} ${countdown(task.expiresAt, data.now)}`).join(', ');
    const expired = worker.holding.some((task) => task.expiresAt && Date.parse(task.expiresAt) <= data.now.getTime());
    const state = expired ? 'LEASE EXPIRED' : worker.stale ? 'stale' : worker.holding.length > 0 ? 'working' : 'idle';
    return fit(clean(`  ${worker.id}  ${state}  seen ${ago(worker.lastSeen, data.now)}${held ? `  holds ${held}` : ''}`), width);
  });
  const eventCount = Math.max(1, Math.min(6, Math.floor((height - 8) / 4)));
  const events = data.activity
    .slice(-eventCount)
    .reverse()
    .map((item) => fit(`  ${activityLine(item, (id) => titles.get(id))}`, width));
  const fixed = lines.length + 1 + 1 + Math.max(1, workerLines.length) + 1 + Math.max(1, events.length) + 1;
  const room = Math.max(1, height - fixed);
  lines.push('');
  if (layout === 'board' && width >= 60) lines.push(...boardLines(columns, data.now, width, room));
  else lines.push(...listLines(columns, data.now, width, room));
  lines.push(fit(`Agents (${data.workers.workers.length})`, width));
  lines.push(...(workerLines.length > 0 ? workerLines : [fit('  none yet', width)]));
  lines.push(fit('Latest', width));
  lines.push(...(events.length > 0 ? events : [fit('  nothing yet', width)]));
  while (lines.length < height) lines.push('');
  return lines.slice(0, height).map((line) => fit(line, width));
}

function boardLines(columns: Record<Column, Card[]>, now: Date, width: number, room: number): string[] {
  const shown = COLUMNS.filter((column) => column !== 'cancelled' || columns.cancelled.length > 0);
  const cell = Math.floor((width - (shown.length - 1)) / shown.length);
  const rows = Math.max(1, room - 1);
  const lines = [shown.map((column) => fit(`${LABELS[column]} (${columns[column].length})`, cell)).join(' ')];
  for (let row = 0; row < rows; row++) {
    const cells = shown.map((column) => {
      const list = columns[column];
      if (row === rows - 1 && list.length > rows) return fit(`+${list.length - rows + 1} more`, cell);
      const card = list[row];
      return fit(card ? cardLine(card, now) : '', cell);
    });
    lines.push(cells.join(' '));
  }
  return lines;
}

function listLines(columns: Record<Column, Card[]>, now: Date, width: number, room: number): string[] {
  const lines: string[] = [];
  for (const column of ['in_progress', 'ready', 'blocked', 'failed', 'completed', 'cancelled'] as const) {
    for (const card of columns[column]) lines.push(fit(`${fit(LABELS[column], 12)} ${cardLine(card, now)}`, width));
  }
  if (lines.length > room) return [...lines.slice(0, room - 1), fit(`+${lines.length - room + 1} more`, width)];
  return [...lines, ...Array.from({ length: room - lines.length }, () => '')];
}
