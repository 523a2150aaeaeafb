import { describe, expect, it } from 'vitest';
import { clean, fit, watchFrame } from '../../src/commands/watch/frame.js';
import { readWatchData, watchStore, type WatchData } from '../../src/dashboard/watch.js';
import { liveService } from './helpers.js';

describe('watch', () => {
  it('draws the board, the agents and the latest events within the screen', async () => {
    const { service } = liveService();
    await service.create({ title: 'Design the API' }, 'cli:test');
    await service.create({ title: 'Build it', dependencies: ['t1'] }, 'cli:test');
    await service.create({ title: 'Hostile \x1b[2J title' }, 'cli:test');
    await service.start('t3', { worker: 'agent-1', leaseSeconds: 600 });
    const data = await readWatchData(service);
    const lines = watchFrame(data, { width: 100, height: 24, layout: 'board' });
    expect(lines).toHaveLength(24);
    for (const line of lines) expect(line.length).toBe(100);
    const screen = lines.join('\n');
    expect(screen).toContain('Ready 1 · Blocked 1 · In progress 1');
    expect(screen).toMatch(/Ready \(1\) +Blocked \(1\) +In progress \(1\)/);
    expect(screen).toMatch(/t1 Design the API +t2 Build it +t3 Hostile {2}\[2J/);
    expect(screen).not.toContain('\x1b');
    expect(screen).toMatch(/agent-1 {2}working {2}seen \d+s ago {2}holds t3/);
    expect(screen).toMatch(/\d\d:\d\d:\d\d agent-1 claim t3 pending -> in_progress/);
    const list = watchFrame(data, { width: 80, height: 20, layout: 'list' }).join('\n');
    expect(list).toMatch(/In progress {2}t3 Hostile {2}\[2J title @agent-1 (9|10):\d\d left/);
  });

  it('cuts long text with an ellipsis and pads short text, by display width', () => {
    expect(fit('abcdef', 4)).toBe('abc…');
    expect(fit('ab', 4)).toBe('ab  ');
    expect(fit('日本語テキスト', 6)).toBe('日本… ');
    expect(clean('a\nb\x1b[31mc')).toBe('a b [31mc');
  });

  it('follows the change feed: the store, then again after each change, with the new events', async () => {
    const { service } = liveService();
    await service.create({ title: 'First' }, 'cli:test');
    const abort = new AbortController();
    const updates = watchStore(service, abort.signal);
    const first = await updates.next();
    expect((first.value as { data: WatchData }).data.cards.map((card) => card.title)).toEqual(['First']);
    const next = updates.next();
    await service.create({ title: 'Second' }, 'cli:test');
    const second = (await next).value as { data: WatchData; fresh: WatchData['activity'] };
    expect(second.data.cards.map((card) => card.title)).toEqual(['First', 'Second']);
    expect(second.fresh.map((item) => [item.op, item.taskId])).toEqual([['create', 't2']]);
    abort.abort();
    await updates.return(undefined);
  });
});
