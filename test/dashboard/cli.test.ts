import { describe, expect, it } from 'vitest';
import { dashboardSettings } from '../../src/commands/dashboard/handlers.js';
import { isolatedEnv, spawnBin, waitFor } from '../helpers/bin.js';
import { testdir } from '../helpers/testdir.js';
import { request } from './helpers.js';

const TOKEN = 'a-dashboard-token-0123456789';

describe('orchestrator dashboard, watch and serve --http (the built binary)', () => {
  it('checks its options before it starts', () => {
    expect(dashboardSettings({}, {})).toEqual({ security: { host: '127.0.0.1', port: 3336, token: undefined }, readOnly: false, open: false });
    expect(() => dashboardSettings({ host: '0.0.0.0' }, {})).toThrow(/needs a token/);
    expect(() => dashboardSettings({ token: 'short' }, {})).toThrow(/too short/);
    expect(() => dashboardSettings({ port: 'http' }, {})).toThrow(/not a port/);
    expect(dashboardSettings({ host: '0.0.0.0' }, { ORCHESTRATOR_DASHBOARD_TOKEN: TOKEN }).security.token).toBe(TOKEN);
  });

  it('prints the address as the first line on stdout and serves the page there', async () => {
    const dir = testdir();
    const server = spawnBin(['dashboard', '--port', '0', '--read-only'], isolatedEnv(dir));
    let stdout = '';
    server.child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const url = await waitFor(() => /^(http:\/\/127\.0\.0\.1:\d+\/)\n/.exec(stdout)?.[1]);
    const page = await request(url);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<script type="module" src="/app.js"></script>');
    expect(JSON.parse((await request(`${url}api/snapshot`)).body)).toMatchObject({ readOnly: true, cards: [] });
    server.child.kill('SIGTERM');
    expect((await server.done).code).toBe(0);
  });

  it('serves the page at / of serve --http beside /mcp, with the same token', async () => {
    const server = spawnBin(['serve', '--http', '--port', '0'], isolatedEnv(testdir(), { ORCHESTRATOR_HTTP_TOKEN: TOKEN }));
    let stderr = '';
    server.child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const page = await waitFor(() => /the dashboard at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stderr)?.[1]);
    expect((await request(page)).status).toBe(401);
    const entry = await request(`${page}?token=${TOKEN}`);
    expect(entry.status).toBe(303);
    const cookie = String(entry.headers['set-cookie']).split(';')[0]!;
    const html = await request(page, { headers: { Cookie: cookie } });
    expect(html.status).toBe(200);
    expect(html.headers['content-security-policy']).toContain("script-src 'self'");
    const port = new URL(page).port;
    expect((await request(`${page}api/snapshot`, { headers: { Cookie: cookie, Host: `attacker.example:${port}` } })).status).toBe(403);
    // The MCP endpoint still answers MCP clients only.
    expect((await request(`${page}mcp`, { headers: { Cookie: cookie } })).status).toBe(401);
    server.child.kill('SIGTERM');
    expect((await server.done).code).toBe(0);
  });
});
