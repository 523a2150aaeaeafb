/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { writeArtifact } from '../../src/store/index.js';
import { createDashboardHandler } from '../../src/dashboard/handler.js';
import { liveService, serveDashboard, sharedBrowser, WEB_ROOT } from './helpers.js';

// The dashboard as a person uses it: real headless Chromium, clicking and reading.

const shared = sharedBrowser();

const HOSTILE = '<img src=x onerror=alert(1)>';

async function openPage(url: string, hash = '') {
  const page = await shared.current.context.newPage();
  // Well inside the test's own limit, so that a step that never happens fails naming itself.
  page.setDefaultTimeout(20_000);
  const dialogs: string[] = [];
  page.on('dialog', (dialog: { message(): string; dismiss(): Promise<void> }) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(`${url}/${hash}`);
  await page.locator('.connection-live').waitFor({ timeout: 10_000 });
  return { page, dialogs };
}

const column = (page: any, name: string) => page.locator(`section.column-${name} .card`);

// A browser on two shared cores, beside the rest of the suite, can take seconds for a step.
describe('dashboard in Chromium', { timeout: 60_000 }, () => {
  it('shows the store on the board, each task in its column, store text as text', async () => {
    const { service } = liveService();
    await service.create({ title: 'Design the API', role: 'architect', tags: ['api'] }, 'cli:test');
    await service.create({ title: 'Build it', dependencies: ['t1'] }, 'cli:test');
    await service.create({ title: HOSTILE }, 'cli:test');
    await service.start('t3', { worker: 'agent-1' });
    const { url } = await serveDashboard({ service });
    const { page, dialogs } = await openPage(url);
    await expect.poll(() => column(page, 'ready').allTextContents()).toEqual([expect.stringContaining('Design the API')]);
    expect(await column(page, 'blocked').allTextContents()).toEqual([expect.stringContaining('waits for t1')]);
    const held = page.locator('section.column-in_progress .card');
    expect(await held.locator('.card-title').textContent()).toBe(HOSTILE);
    expect(await held.textContent()).toContain('@agent-1');
    expect(await held.locator('.lease').textContent()).toMatch(/\d+:\d\d left/);
    expect(await page.locator('main img').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(shared.current.errors).toEqual([]);
    await page.close();
  });

  it('shows a change made to the store within a second, without a reload', async () => {
    const { service } = liveService();
    const { url } = await serveDashboard({ service });
    const { page } = await openPage(url);
    const t0 = Date.now();
    await service.create({ title: 'Arrives live' }, 'cli:test');
    await column(page, 'ready').filter({ hasText: 'Arrives live' }).waitFor({ timeout: 1_000 });
    await service.start('t1', { worker: 'agent-7' });
    await column(page, 'in_progress').filter({ hasText: 'Arrives live' }).waitFor({ timeout: 1_000 });
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect(await column(page, 'ready').count()).toBe(0);
    await page.close();
  });

  it('adds a task from the form and cancels it, through the same operations as every face', async () => {
    const { service } = liveService();
    const { url } = await serveDashboard({ service });
    const { page } = await openPage(url);
    await page.getByRole('button', { name: 'New task' }).click();
    const dialog = page.getByRole('dialog', { name: 'New task' });
    await dialog.getByLabel('Title').fill('Written in the browser');
    await dialog.getByLabel('Role').selectOption('tester');
    await dialog.getByLabel('Tags').fill('ui, e2e');
    await dialog.getByRole('button', { name: 'Add task' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Added t1' }).count()).toBe(1);
    await column(page, 'ready').filter({ hasText: 'Written in the browser' }).waitFor({ timeout: 2_000 });
    const task = (await service.get('t1')).task;
    expect(task).toMatchObject({ title: 'Written in the browser', role: 'tester', tags: ['ui', 'e2e'] });
    // A bad dependency comes back with the operation's own message. The shortcut works once the dialog has closed
    // (keys typed inside a dialog are its own).
    await dialog.waitFor({ state: 'hidden' });
    await page.keyboard.press('n');
    await dialog.getByLabel('Title').fill('Depends on nothing real');
    await dialog.getByLabel('Depends on').fill('t404');
    await dialog.getByRole('button', { name: 'Add task' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toContain('t404');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.locator('.card-link', { hasText: 'Written in the browser' }).click();
    await page.getByRole('button', { name: 'Cancel task…' }).click();
    await page.getByLabel('Reason (optional)').fill('not needed');
    await page.getByRole('button', { name: 'Cancel the task' }).click();
    await page.locator('.task-meta .status-cancelled').waitFor({ timeout: 2_000 });
    expect((await service.get('t1')).task).toMatchObject({ status: 'cancelled', cancelReason: 'not needed' });
    await page.close();
  });

  it('refuses an action from its own page without the CSRF token, and any from a page of another site', async () => {
    const { service } = liveService();
    const { url } = await serveDashboard({ service });
    const { page } = await openPage(url);
    const post = async ({ target, headers, title }: { target: string; headers: Record<string, string>; title: string }) => {
      try {
        const res = await fetch(`${target}/api/tasks`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...headers },
          body: JSON.stringify({ title }),
        });
        return res.status;
      } catch {
        return 'blocked';
      }
    };
    expect(await page.evaluate(post, { target: url, headers: {}, title: 'Without the token' })).toBe(403);
    // Even holding the token, a page served elsewhere is refused by its Origin (the preflight fails).
    const csrf = ((await (await fetch(`${url}/api/snapshot`)).json()) as { csrf: string }).csrf;
    const elsewhere = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>elsewhere</title>'));
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => void elsewhere.close());
    const foreign = await shared.current.context.newPage();
    await foreign.goto(`http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}/`);
    expect(await foreign.evaluate(post, { target: url, headers: { 'X-CSRF-Token': csrf }, title: 'From another site' })).toBe('blocked');
    // A simple request (what a form can send) needs no preflight; whatever the browser makes of it, nothing is added.
    await foreign.evaluate(async (target: string) => {
      await fetch(`${target}/api/tasks`, {
        method: 'POST',
        mode: 'no-cors',
        headers: { 'Content-Type': 'text/plain' },
        body: '{"title":"A form"}',
      }).catch(() => undefined);
    }, url);
    expect((await service.list()).tasks).toEqual([]);
  });

  it('keeps the filters in the address, so a view can be shared', async () => {
    const { service } = liveService();
    await service.create({ title: 'Write the docs', role: 'documenter', tags: ['docs'] }, 'cli:test');
    await service.create({ title: 'Write the code', role: 'implementer' }, 'cli:test');
    await service.create({ title: 'Fix the build' }, 'cli:test');
    const { url } = await serveDashboard({ service });
    const { page } = await openPage(url, '#/board?q=write&role=documenter');
    await expect.poll(() => page.locator('.card-title').allTextContents()).toEqual(['Write the docs']);
    await page.locator('.filters').getByLabel('Role').selectOption('');
    await expect.poll(() => page.url()).toMatch(/#\/board\?q=write$/);
    await expect.poll(() => page.locator('.card-title').allTextContents()).toEqual(['Write the docs', 'Write the code']);
    await page.getByRole('button', { name: 'Blocked' }).click();
    await expect.poll(() => page.url()).toContain('status=blocked');
    expect(await page.locator('section.column').count()).toBe(1);
    await page.close();
  });

  it('renders artifacts as sanitised Markdown', async () => {
    const { service, dir } = liveService();
    await service.create({ title: 'Report' }, 'cli:test');
    await service.start('t1', { worker: 'agent-1' });
    const markdown = [
      '# Findings',
      '',
      '- **one** thing',
      '',
      '<script>window.__pwned = 1</script>',
      `<img src=x onerror="window.__pwned = 2">`,
      '[click](javascript:window.__pwned=3)',
    ].join('\n');
    const artifact = writeArtifact(dir, 't1', markdown);
    await service.complete('t1', { worker: 'agent-1', summary: 'see the report', artifacts: [{ ...artifact, type: 'report' }] });
    const { url } = await serveDashboard({ service });
    const { page } = await openPage(url, '#/tasks/t1');
    const rendered = page.locator('.markdown');
    await rendered.locator('h1').waitFor({ timeout: 5_000 });
    expect(await rendered.locator('h1').textContent()).toBe('Findings');
    expect(await rendered.locator('strong').textContent()).toBe('one');
    expect(await rendered.locator('script').count()).toBe(0);
    expect(await rendered.locator('[onerror]').count()).toBe(0);
    expect(await rendered.locator('a[href^="javascript:"]').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await page.close();
  });

  it('says when it is stale while the server is down, and reconnects by itself', async () => {
    const { service } = liveService();
    const security = { host: '127.0.0.1', port: 0 };
    const start = async () => {
      const handler = createDashboardHandler({ service, version: 't', actor: 'dashboard:t', webRoot: WEB_ROOT, security });
      const server = createServer((req, res) => void handler.handle(req, res));
      await new Promise<void>((resolve) => server.listen(security.port, '127.0.0.1', resolve));
      security.port = (server.address() as { port: number }).port;
      return async () => {
        handler.close();
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      };
    };
    let stop = await start();
    const { page } = await openPage(`http://127.0.0.1:${security.port}`);
    await stop();
    await page.locator('.connection-stale').waitFor({ timeout: 5_000 });
    expect(await page.getByRole('status').filter({ hasText: 'Reconnecting' }).textContent()).toMatch(/data as of .*may be stale/);
    await service.create({ title: 'Made while it was down' }, 'cli:test');
    stop = await start();
    try {
      await page.locator('.connection-live').waitFor({ timeout: 15_000 });
      await column(page, 'ready').filter({ hasText: 'Made while it was down' }).waitFor({ timeout: 2_000 });
    } finally {
      await page.close();
      await stop();
    }
    shared.current.errors.length = 0; // the refused connections while it was down are logged by Chromium
  });

  it('is usable by keyboard and at phone width', async () => {
    const { service } = liveService();
    await service.create({ title: 'A task with a rather long title that has to wrap on a narrow screen' }, 'cli:test');
    const { url } = await serveDashboard({ service });
    const { page } = await openPage(url);
    await page.keyboard.press('a');
    await expect.poll(() => page.url()).toMatch(/#\/agents$/);
    await page.keyboard.press('/');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('search');
    await page.keyboard.type('rather');
    await expect.poll(() => page.url()).toContain('q=rather');
    const unnamed = await page.evaluate(
      () =>
        [...document.querySelectorAll('button, a[href], input, select')].filter((element) => {
          const label =
            element.getAttribute('aria-label') || element.textContent?.trim() || (element as HTMLInputElement).labels?.[0]?.textContent?.trim();
          return !label;
        }).length,
    );
    expect(unnamed).toBe(0);
    await page.setViewportSize({ width: 390, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.close();
  });
});
