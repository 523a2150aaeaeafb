// The web dashboard with 5,000 tasks, in headless Chromium (Debian's, as in the tests): time to the first render
// of the board, the bytes of the first load, and how long a change takes to appear on an open page.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { launchBrowser } from '../../test/dashboard/chromium.mjs';
import { loadCore, median, percentile, root, round, seedTasks, tempDir } from '../lib.mjs';

export const name = 'dashboard';
export const title = 'orchestrator dashboard with 5,000 tasks: first render, first load, live update (headless Chromium)';

const TASKS = 5_000;
const LOADS = 7;
const LOAD_WARMUP = 2;
const UPDATES = 15;
const UPDATE_WARMUP = 3;

export async function run() {
  const dir = tempDir();
  const dataDir = path.join(dir, 'data');
  await seedTasks(dataDir, TASKS);
  const { TaskService, openTaskStore } = await loadCore();
  const { startDashboard } = await import(path.join(root, 'dist', 'dashboard', 'index.js'));
  const service = new TaskService(openTaskStore(dataDir));
  const dashboard = await startDashboard({
    service,
    version: 'bench',
    security: { host: '127.0.0.1', port: 0 },
    actor: 'dashboard:bench',
  });
  const browser = await launchBrowser();
  try {
    return [
      ...(await firstRender(browser, dashboard.url)),
      ...(await liveUpdate(browser, dashboard.url, inProcess(service), 'this process')),
      ...(await liveUpdate(browser, dashboard.url, await otherProcess(dataDir), 'another process')),
    ];
  } finally {
    await browser.close();
    await dashboard.close();
  }
}

/** A fresh page each run, navigation start → every column drawn with its cards and the page live. */
async function firstRender(browser, url) {
  const rendered = [];
  const snapshotMs = [];
  let bytes = null;
  for (let i = 0; i < LOAD_WARMUP + LOADS; i++) {
    const page = await browser.context.newPage();
    const responses = [];
    page.on('requestfinished', (request) => responses.push(request));
    await page.goto(url);
    await page.waitForFunction(() => document.querySelector('.connection-live') && document.querySelectorAll('.card').length > 0, null, {
      polling: 'raf',
      timeout: 30_000,
    });
    const at = await page.evaluate(() => performance.now());
    const timing = await page.evaluate(
      () => performance.getEntriesByType('resource').find((entry) => entry.name.endsWith('/api/snapshot'))?.duration ?? null,
    );
    if (i === 0) bytes = await transferred(responses);
    await page.close();
    if (i < LOAD_WARMUP) continue;
    rendered.push(at);
    if (timing !== null) snapshotMs.push(timing);
  }
  const runs = `${LOADS} fresh pages after ${LOAD_WARMUP} warm-up, ${TASKS.toLocaleString('en')} tasks`;
  return [
    {
      metric: 'first render: navigation → board drawn and live, median',
      value: round(median(rendered), 0),
      unit: 'ms',
      method: `${runs} (target < 1,000 ms)`,
    },
    { metric: 'first render, p90', value: round(percentile(rendered, 90), 0), unit: 'ms', method: runs },
    {
      metric: '/api/snapshot request (5,000 cards), median',
      value: round(median(snapshotMs), 0),
      unit: 'ms',
      method: 'Resource Timing of the page, same runs',
    },
    {
      metric: 'first load over the wire: page and its modules',
      value: round(bytes.assets / 1024, 1),
      unit: 'KiB',
      method: `gzip; ${bytes.assetCount} files (target ≤ 200 KB)`,
    },
    { metric: 'first load over the wire: the 5,000-task snapshot', value: round(bytes.snapshot / 1024, 1), unit: 'KiB', method: 'gzip' },
  ];
}

async function transferred(requests) {
  let assets = 0;
  let assetCount = 0;
  let snapshot = 0;
  for (const request of requests) {
    const sizes = await request.sizes();
    const size = sizes.responseBodySize + sizes.responseHeadersSize;
    if (request.url().endsWith('/api/snapshot')) snapshot += size;
    else if (!request.url().includes('/api/')) {
      assets += size;
      assetCount++;
    }
  }
  return { assets, assetCount, snapshot };
}

/** Creates a task in the dashboard's own process; resolves the time of the commit. */
function inProcess(service) {
  return {
    async create(title) {
      await service.create({ title, priority: 'urgent' }, 'bench');
      return performance.timeOrigin + performance.now();
    },
    close() {},
  };
}

/** A second process on the same store, creating a task when asked and answering with the time of the commit. */
async function otherProcess(dataDir) {
  const script = `
    const { TaskService, openTaskStore } = await import(${JSON.stringify(path.join(root, 'dist', 'core', 'index.js'))});
    const service = new TaskService(openTaskStore(${JSON.stringify(dataDir)}));
    for await (const line of (await import('node:readline')).createInterface({ input: process.stdin })) {
      await service.create({ title: line, priority: 'urgent' }, 'bench-other');
      process.stdout.write(String(performance.timeOrigin + performance.now()) + '\\n');
    }`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    async create(title) {
      child.stdin.write(`${title}\n`);
      return Number((await lines.next()).value);
    },
    close() {
      child.stdin.end();
    },
  };
}

/**
 * One open page; `writer` creates a task; the time from its commit to the card on the page. Both clocks are this
 * machine's (performance.timeOrigin + performance.now() in each process).
 */
async function liveUpdate(browser, url, writer, who) {
  const page = await browser.context.newPage();
  await page.goto(url);
  await page.locator('.connection-live').waitFor({ timeout: 30_000 });
  const latencies = [];
  try {
    for (let i = 0; i < UPDATE_WARMUP + UPDATES; i++) {
      const title = `Live update from ${who} ${i}`;
      const seen = page.evaluate(
        (wanted) =>
          new Promise((resolve) => {
            const found = () => [...document.querySelectorAll('.card-title')].some((element) => element.textContent === wanted);
            const observer = new MutationObserver(() => {
              if (found()) {
                observer.disconnect();
                resolve(performance.timeOrigin + performance.now());
              }
            });
            observer.observe(document.body, { childList: true, subtree: true, characterData: true });
          }),
        title,
      );
      await page.waitForTimeout(50);
      const committed = await writer.create(title);
      const at = await seen;
      if (i >= UPDATE_WARMUP) latencies.push(at - committed);
    }
  } finally {
    writer.close();
    await page.close();
  }
  const runs = `${UPDATES} changes after ${UPDATE_WARMUP} warm-up, one open page, ${TASKS.toLocaleString('en')} tasks`;
  return [
    {
      metric: `live update from ${who}: commit → card on the page, median`,
      value: round(median(latencies), 0),
      unit: 'ms',
      method: `${runs} (target < 1,000 ms)`,
    },
    { metric: `live update from ${who}, p90`, value: round(percentile(latencies, 90), 0), unit: 'ms', method: runs },
  ];
}
