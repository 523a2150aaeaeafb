#!/usr/bin/env node
// `npm run screenshots`: the board, a plan and the agents view, light and dark, at 1280×800, into docs/images/.
// Same browser and flags as the tests (chromium.mjs), on a store seeded by fixtures.mjs.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchBrowser } from './chromium.mjs';
import { loadBuilt, seedShowcase } from './fixtures.mjs';

const { core, dashboard, root } = await loadBuilt();
const dir = mkdtempSync(path.join(tmpdir(), 'orchestrator-shots-'));
const out = path.join(root, 'docs', 'images');
mkdirSync(out, { recursive: true });
const service = new core.TaskService(core.openTaskStore(path.join(dir, '.task_orchestrator')));
const planId = await seedShowcase(service);
const seeded = Date.now();
const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const running = await dashboard.startDashboard({
  service,
  version,
  security: { host: '127.0.0.1', port: 0 },
  actor: 'dashboard:alice',
  roleNames: async () => [],
});
// Let the five-second lease run out first.
await new Promise((resolve) => setTimeout(resolve, Math.max(0, seeded + 6_000 - Date.now())));
try {
  for (const scheme of ['light', 'dark']) {
    const browser = await launchBrowser({ colorScheme: scheme });
    try {
      const page = await browser.page();
      for (const [name, hash] of [
        ['board', '#/board'],
        ['plan', `#/plans/${planId}`],
        ['agents', '#/agents'],
      ]) {
        await page.goto(`${running.url}${hash}`);
        await page.locator('.connection-live').waitFor({ timeout: 10_000 });
        await page.waitForTimeout(300);
        const file = path.join(out, `dashboard-${name}-${scheme}.png`);
        await page.screenshot({ path: file });
        console.log(path.relative(root, file));
      }
    } finally {
      await browser.close();
    }
  }
} finally {
  await running.close();
  rmSync(dir, { recursive: true, force: true });
}
