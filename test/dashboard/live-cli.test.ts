import { describe, expect, it } from 'vitest';
import { isolatedEnv, runCli, startNode, binPath } from '../helpers/bin.js';
import { liveService, serveDashboard, sharedBrowser } from './helpers.js';

// Changes made by other processes, through the store's own change feed: the page and `watch` show them live.

const shared = sharedBrowser();

describe('live across processes', () => {
  it('shows a task added and claimed with the CLI within a second of each command', async () => {
    const { service, dir } = liveService();
    await service.create({ title: 'Already there' }, 'cli:test');
    const { url } = await serveDashboard({ service });
    const page = await shared.current.context.newPage();
    await page.goto(`${url}/`);
    await page.locator('.connection-live').waitFor({ timeout: 10_000 });
    const env = isolatedEnv(dir, { ORCHESTRATOR_DATA_DIR: dir });
    const added = await runCli(['tasks', 'add', 'Added from the terminal', '--role', 'tester'], env);
    expect(added.code).toBe(0);
    const ready = page.locator('section.column-ready .card', { hasText: 'Added from the terminal' });
    await ready.waitFor({ timeout: 1_000 });
    const claimed = await runCli(['tasks', 'start', 't2', '--worker', 'terminal-agent'], env);
    expect(claimed.code).toBe(0);
    const moving = page.locator('section.column-in_progress .card', { hasText: 'Added from the terminal' });
    await moving.waitFor({ timeout: 1_000 });
    expect(await moving.textContent()).toContain('@terminal-agent');
    expect(await page.locator('section.column-ready .card').allTextContents()).toEqual([expect.stringContaining('Already there')]);
    await page.close();
  });

  it('watch prints one line per change when not on a terminal', async () => {
    const { dir } = liveService();
    const env = isolatedEnv(dir, { ORCHESTRATOR_DATA_DIR: dir });
    expect((await runCli(['tasks', 'add', 'Before watching'], env)).code).toBe(0);
    const watch = startNode(binPath, ['watch'], env);
    let out = '';
    watch.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    await expect.poll(() => out, { timeout: 10_000 }).toMatch(/at revision \d+: 1 ready, 0 blocked/);
    expect((await runCli(['tasks', 'add', 'While watching'], env)).code).toBe(0);
    await expect.poll(() => out, { timeout: 5_000 }).toMatch(/\d\d:\d\d:\d\d cli:\S+ create t2 {2}While watching/);
    watch.kill('SIGTERM');
    expect((await watch.output).code).toBe(0);
  });
});
