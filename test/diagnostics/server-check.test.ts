import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { serverCheck } from '../../src/diagnostics/checks/server.js';
import { runDoctor, type CheckResult } from '../../src/diagnostics/index.js';
import { testContext } from '../helpers/diagnostics.js';
import { isRunning } from '../helpers/lock-holder.js';
import { binPath } from '../helpers/bin.js';
import { testdir } from '../helpers/testdir.js';

const byId = (results: CheckResult[], id: string) => results.find((result) => result.id === id);

/** Processes die a moment after their pipes close; wait a bounded while before calling one left behind. */
async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 100 && isRunning(pid); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  return !isRunning(pid);
}

describe('the server check (the built `orchestrator serve`)', () => {
  test('starts serve on the data directory, reports the handshake time, the tool count and the health, and leaves no process', async () => {
    const { context, dir } = testContext();
    const steps: string[] = [];
    const results = await serverCheck.run(context, (step) => steps.push(step));
    const handshake = byId(results, 'server.handshake')!;
    expect(handshake).toMatchObject({
      status: 'ok',
      message: expect.stringMatching(/^initialize in \d+ ms, tools\/list in \d+ ms: 9 tools \(task-orchestrator \d+\.\d+\.\d+\)$/),
      details: { command: process.execPath, args: [binPath, 'serve', '--data-dir', dir], tools: 9 },
    });
    expect(steps).toEqual(['starting orchestrator serve']);
    const health = byId(results, 'server.health')!;
    expect(health).toMatchObject({ status: 'ok', details: { status: 'ok' } });
    expect(health.message).toContain('no store yet');
    const pid = health.details!.pid as number;
    expect(pid).toBeGreaterThan(0);
    expect(await gone(pid)).toBe(true);
  });

  test('a store that does not parse: serve still starts and answers, and its health check fails with the store error', async () => {
    const { context, dir, service } = testContext();
    await service.create({ id: 'a', title: 'A' }, 'cli:test');
    const store = path.join(dir, 'store.json');
    writeFileSync(store, readFileSync(store, 'utf8').replace('"revision"', '"revision",'));
    const results = await serverCheck.run(context);
    expect(byId(results, 'server.handshake')).toMatchObject({ status: 'ok', details: { tools: 9 } });
    expect(byId(results, 'server.health')).toMatchObject({
      status: 'fail',
      message: expect.stringMatching(/^the server runs, but every task tool will fail: store: .*store\.json does not parse at line \d+, column \d+/),
      fix: expect.stringContaining('orchestrator db restore'),
      details: { status: 'error' },
    });
  });

  test('a server that exits at once fails with what it said and how to see the rest', async () => {
    const { context } = testContext();
    const machine = { ...context.machine, spec: { ...context.machine.spec, binPath: path.join(testdir(), 'missing', 'orchestrator.js') } };
    const results = await serverCheck.run({ ...context, machine });
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ id: 'server.handshake', status: 'fail', details: { ok: false, problem: 'exited' } });
    expect(results[0]!.message).toMatch(/the server exited before the handshake: .*Cannot find module/);
    expect(results[0]!.fix).toMatch(/^Run `.*serve --data-dir .*` yourself/);
  });

  test('a server that never answers fails at the time limit, and is stopped', async () => {
    const { context } = testContext();
    const dir = testdir();
    const pidFile = path.join(dir, 'pid');
    const silent = path.join(dir, 'silent.mjs');
    // Reads stdin and never answers; ends by itself after 30 s so that nothing outlives a failed test.
    writeFileSync(
      silent,
      `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(pidFile)}, String(process.pid));\nprocess.stdin.resume();\nsetTimeout(() => process.exit(0), 30000);\n`,
    );
    const machine = { ...context.machine, handshakeTimeoutMs: 1_000, spec: { ...context.machine.spec, binPath: silent } };
    const results = await serverCheck.run({ ...context, machine });
    expect(results[0]).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('no answer to the MCP handshake within 1 s'),
      details: { problem: 'timeout' },
    });
    expect(await gone(Number(readFileSync(pidFile, 'utf8')))).toBe(true);
  });

  test('is part of doctor and fails its exit status when the server cannot start', async () => {
    const { context } = testContext();
    const machine = { ...context.machine, spec: { ...context.machine.spec, binPath: '/nonexistent/orchestrator.js' } };
    const report = await runDoctor({}, { context: { ...context, machine }, checks: [serverCheck] });
    expect(report).toMatchObject({ ok: false, checks: [{ id: 'server', status: 'fail' }], summary: { fail: 1 } });
  });
});
