import { describe, expect, it } from 'vitest';
import { testService } from '../helpers/service.js';
import { liveService, request, serveDashboard } from './helpers.js';

async function started(options: Parameters<typeof serveDashboard>[0] extends infer T ? Partial<T> : never = {}) {
  const { service } = liveService();
  const dashboard = await serveDashboard({ service, ...options });
  return { service, ...dashboard };
}

async function csrfOf(url: string, headers: Record<string, string> = {}): Promise<string> {
  const res = await request(`${url}/api/snapshot`, { headers });
  return (JSON.parse(res.body) as { csrf: string }).csrf;
}

describe('dashboard security', () => {
  it('serves the page with a Content-Security-Policy that allows no inline script', async () => {
    const { url } = await started();
    const page = await request(`${url}/`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const script = await request(`${url}/app.js`);
    expect(script.headers['content-type']).toMatch(/^text\/javascript/);
    expect((await request(`${url}/../package.json`)).status).toBe(404);
    expect((await request(`${url}/vendor/nothing.js`)).status).toBe(404);
  });

  it('refuses a Host header that is not its own (DNS rebinding)', async () => {
    const { url, port } = await started();
    const res = await request(`${url}/api/snapshot`, { headers: { Host: `evil.example:${port}` } });
    expect(res.status).toBe(403);
    expect(res.body).toContain('DNS rebinding');
    expect((await request(`${url}/api/snapshot`, { headers: { Host: `localhost:${port}` } })).status).toBe(200);
  });

  it('refuses a foreign Origin, for reads and for actions', async () => {
    const { url, port } = await started();
    const read = await request(`${url}/api/snapshot`, { headers: { Origin: 'http://evil.example' } });
    expect(read.status).toBe(403);
    expect(read.body).toContain('Origin "http://evil.example" is not allowed');
    const csrf = await csrfOf(url);
    const act = await request(`${url}/api/tasks`, {
      method: 'POST',
      headers: { Origin: 'http://evil.example', 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
      body: JSON.stringify({ title: 'from elsewhere' }),
    });
    expect(act.status).toBe(403);
    const own = await request(`${url}/api/snapshot`, { headers: { Origin: `http://127.0.0.1:${port}` } });
    expect(own.status).toBe(200);
  });

  it('refuses an action without the CSRF token, with a wrong one, or without a JSON body', async () => {
    const { url, service } = await started();
    const body = JSON.stringify({ title: 'Sneaky' });
    const none = await request(`${url}/api/tasks`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    expect(none.status).toBe(403);
    expect(JSON.parse(none.body).error.message).toContain('CSRF');
    const wrong = await request(`${url}/api/tasks`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': 'guess' },
      body,
    });
    expect(wrong.status).toBe(403);
    const csrf = await csrfOf(url);
    const form = await request(`${url}/api/tasks`, { method: 'POST', headers: { 'Content-Type': 'text/plain', 'X-CSRF-Token': csrf }, body });
    expect(form.status).toBe(415);
    expect((await service.list()).total).toBe(0);
    const ok = await request(`${url}/api/tasks`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf }, body });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body).message).toBe('Added t1: Sneaky');
    expect((await service.list()).tasks.map((task) => task.title)).toEqual(['Sneaky']);
  });

  it('refuses every action when read-only, and says so in the snapshot', async () => {
    const { url, service } = await started({ readOnly: true });
    const snapshot = JSON.parse((await request(`${url}/api/snapshot`)).body);
    expect(snapshot.readOnly).toBe(true);
    const res = await request(`${url}/api/tasks`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': snapshot.csrf },
      body: JSON.stringify({ title: 'x' }),
    });
    expect(res.status).toBe(403);
    expect(res.body).toContain('read-only');
    expect((await service.list()).total).toBe(0);
  });

  it('needs the token when one is set: the address trades it for a cookie, a bearer header also works', async () => {
    const token = 'a-long-enough-secret-token';
    const { url } = await started({ security: { host: '127.0.0.1', port: 0, token } });
    expect((await request(`${url}/`)).status).toBe(401);
    expect((await request(`${url}/api/snapshot`)).status).toBe(401);
    expect((await request(`${url}/?token=wrong-token-of-some-length`)).status).toBe(401);
    const entry = await request(`${url}/?token=${token}`);
    expect(entry.status).toBe(303);
    expect(entry.headers.location).toBe('/');
    const cookie = String(entry.headers['set-cookie']).split(';')[0]!;
    expect(cookie).not.toContain(token);
    expect(String(entry.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
    expect((await request(`${url}/api/snapshot`, { headers: { Cookie: cookie } })).status).toBe(200);
    expect((await request(`${url}/api/snapshot`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
  });

  it('answers errors of the operations with their message and hint', async () => {
    const { url, service } = await started();
    const csrf = await csrfOf(url);
    const post = (path: string, body: unknown) =>
      request(`${url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf }, body: JSON.stringify(body) });
    const invalid = await post('/api/tasks', { title: '' });
    expect(invalid.status).toBe(400);
    expect(JSON.parse(invalid.body).error.code).toBe('INVALID_INPUT');
    const unknown = await post('/api/tasks', { title: 'x', dependencies: ['t99'] });
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.body).error.message).toContain('t99');
    const extra = await post('/api/tasks', { title: 'x', status: 'completed' });
    expect(extra.status).toBe(400);
    await service.create({ title: 'Pending one' }, 'cli:test');
    const reset = await post('/api/tasks/t1/reset', {});
    expect(reset.status).toBe(409);
    expect(JSON.parse(reset.body).error.message).toContain('only a failed task');
    const release = await post('/api/tasks/t1/release', {});
    expect(release.status).toBe(409);
    expect((await post('/api/tasks/t1/delete', {})).status).toBe(404);
    expect((await request(`${url}/api/tasks/nope`)).status).toBe(404);
  });

  it('resets a failed task and releases an expired lease, never a live one', async () => {
    const { service, clock } = testService();
    const { url } = await serveDashboard({ service });
    const csrf = await csrfOf(url);
    const post = (path: string) =>
      request(`${url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf }, body: '{}' });
    await service.create({ title: 'Will fail' }, 'cli:test');
    await service.start('t1', { worker: 'agent-1' });
    await service.fail('t1', { worker: 'agent-1', error: 'boom' });
    const reset = await post('/api/tasks/t1/reset');
    expect(JSON.parse(reset.body).message).toBe('Reset t1: it is pending again');
    expect((await service.get('t1')).task.status).toBe('pending');
    await service.start('t1', { worker: 'agent-2', leaseSeconds: 60 });
    const live = await post('/api/tasks/t1/release');
    expect(live.status).toBe(409);
    expect(JSON.parse(live.body).error.message).toContain('has not expired');
    clock.advance(61_000);
    const released = await post('/api/tasks/t1/release');
    expect(released.status).toBe(200);
    expect(JSON.parse(released.body).message).toBe('Released the expired lease of t1');
    expect((await service.get('t1')).task).toMatchObject({ status: 'pending', assignee: null });
  });
});
