import path from 'node:path';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { verifyServer } from '../../src/installer/verify.js';
import { testdir } from '../helpers/testdir.js';

const fake = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'fake-mcp-server.mjs');

describe('verifyServer', () => {
  it('completes the handshake with a server and reports its name and tools', async () => {
    const result = await verifyServer({ command: process.execPath, args: [fake, 'serve'] });
    expect(result).toMatchObject({ ok: true, server: { name: 'fake-orchestrator', version: '9.9.9' }, tools: 1 });
    expect(result.ms).toBeGreaterThanOrEqual(0);
  });

  it('times tools/list too, and calls a tool when asked and the server has it', async () => {
    const result = await verifyServer({ command: process.execPath, args: [fake, 'serve'] }, { call: 'ping' });
    expect(result).toMatchObject({ ok: true, tools: 1, called: { name: 'ping', isError: false, text: 'pong' } });
    if (result.ok) expect(result.listMs).toBeGreaterThanOrEqual(result.ms);
    const without = await verifyServer({ command: process.execPath, args: [fake, 'serve'] }, { call: 'orchestrator_health_check' });
    expect(without.ok && without.called).toBeUndefined();
  });

  it('starts the command without a shell, with the entry env on a small environment, in the given folder', async () => {
    const dir = testdir();
    const record = path.join(dir, 'record.json');
    const spec = { command: process.execPath, args: [fake, 'serve', record, '$HOME', 'a b'], env: { ORCHESTRATOR_TEST: 'yes' } };
    const result = await verifyServer(spec, { cwd: dir });
    expect(result.ok).toBe(true);
    const seen = JSON.parse(readFileSync(record, 'utf8')) as { argv: string[]; cwd: string; env: Record<string, string> };
    // No shell: "$HOME" and "a b" arrive as written.
    expect(seen.argv).toEqual(['serve', record, '$HOME', 'a b']);
    expect(seen.cwd).toBe(dir);
    expect(seen.env.ORCHESTRATOR_TEST).toBe('yes');
    // Variables of this process outside the small default list do not leak into the server.
    expect(Object.keys(seen.env)).not.toContain('VITEST');
  });

  it('reports a server that exits before the handshake, with its last error line and a fix', async () => {
    const result = await verifyServer({ command: process.execPath, args: [fake, 'exit'] });
    expect(result).toMatchObject({ ok: false, problem: 'exited' });
    if (result.ok) return;
    expect(result.message).toContain('cannot open the data directory');
    expect(result.fix).toContain(fake);
  });

  it('reports a command that does not exist', async () => {
    const result = await verifyServer({ command: 'orchestrator-no-such-command', args: ['serve'] });
    expect(result).toMatchObject({ ok: false, problem: 'not-found' });
    if (!result.ok) expect(result.fix).toMatch(/absolute path/);
  });

  it('gives up on a server that never answers', async () => {
    const result = await verifyServer({ command: process.execPath, args: [fake, 'silent'] }, { timeoutMs: 1_000 });
    expect(result).toMatchObject({ ok: false, problem: 'timeout' });
  });
});
