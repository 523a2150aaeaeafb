import { describe, expect, test } from 'vitest';
import { OrchestratorError } from '../../src/errors.js';
import { doctorChecks, runDoctor, storeChecks, type Check } from '../../src/diagnostics/index.js';
import { testContext } from '../helpers/diagnostics.js';

describe('runDoctor', () => {
  test("the default checks, in order, and db check's store check alone", () => {
    expect(doctorChecks().map((check) => check.id)).toEqual(['runtime', 'store', 'database', 'locks', 'server', 'clients']);
    expect(storeChecks().map((check) => check.id)).toEqual(['store', 'database']);
  });

  test('a new check plugs in without touching the others: results, progress, its own fix scope', async () => {
    const { context } = testContext();
    let healthy = false;
    const applied: string[] = [];
    // What a server check will look like: slow, no fix; and a client-like check with a repair-scoped fix.
    const server: Check = {
      id: 'server',
      title: 'Server',
      run: async () => [{ id: 'server.handshake', title: 'Handshake', status: 'ok', message: 'initialize + tools/list in 120 ms, 17 tools' }],
    };
    const clients: Check = {
      id: 'clients',
      title: 'Clients',
      run: async (ctx) => [{ id: 'clients.cursor', title: 'Cursor', status: healthy ? 'ok' : 'fail', message: `asked for ${ctx.clients.join(',')}` }],
      fix: {
        scope: 'repair',
        apply: async () => {
          applied.push('reinstall');
          healthy = true;
          return [{ check: 'clients', status: 'fixed', message: 'cursor: entry installed again' }];
        },
      },
    };
    const progress: Array<string | undefined> = [];
    const checks = [...doctorChecks().filter((check) => check.id !== 'server' && check.id !== 'clients'), server, clients];
    const withClient = { ...context, clients: ['cursor'] };

    const looked = await runDoctor({ cleanupLocks: true }, { context: withClient, checks, onProgress: (title) => progress.push(title) });
    expect(applied).toEqual([]); // a repair fix does not run with --cleanup-locks
    expect(looked.ok).toBe(false);
    expect(looked.results.map((result) => result.check)).toEqual([...Array(4).fill('runtime'), 'store', 'store', 'locks', 'server', 'clients']);
    expect(looked.results.at(-1)?.message).toBe('asked for cursor');
    expect(looked.checks.map((check) => [check.id, check.status])).toEqual([
      ['runtime', 'ok'],
      ['store', 'ok'],
      ['locks', 'ok'],
      ['server', 'ok'],
      ['clients', 'fail'],
    ]);
    expect(progress).toEqual(['Runtime', 'Store', 'Locks', 'Server', 'Clients', undefined]);

    const fixed = await runDoctor({ fix: true }, { context: withClient, checks });
    expect(applied).toEqual(['reinstall']);
    expect(fixed.fixes).toEqual([{ check: 'clients', status: 'fixed', message: 'cursor: entry installed again' }]);
    // The report shows the state after the fixes.
    expect(fixed).toMatchObject({ ok: true, summary: { fail: 0 } });
  });

  test('a slow check names its steps through the progress line', async () => {
    const { context } = testContext();
    const slow: Check = {
      id: 'slow',
      title: 'Slow',
      run: async (_context, progress) => {
        progress?.('starting a server');
        return [{ id: 'slow.one', title: 'One', status: 'ok', message: 'done' }];
      },
    };
    const progress: Array<string | undefined> = [];
    await runDoctor({}, { context, checks: [slow], onProgress: (title) => progress.push(title) });
    expect(progress).toEqual(['Slow', 'Slow: starting a server', undefined]);
  });

  test('a check that stops on a user-facing error becomes a failed line; the other checks still run', async () => {
    const { context } = testContext();
    const broken: Check = {
      id: 'broken',
      title: 'Broken',
      run: async () => {
        throw new OrchestratorError('cannot read the thing', { code: 'IO', hint: 'make it readable' });
      },
    };
    const report = await runDoctor({}, { context, checks: [broken, ...storeChecks()] });
    expect(report.results[0]).toMatchObject({
      check: 'broken',
      status: 'fail',
      message: 'cannot read the thing',
      fix: 'make it readable',
      details: { code: 'IO' },
    });
    expect(report.results.slice(1).every((result) => result.check === 'store')).toBe(true);
  });

  test('a bug in a check is not hidden', async () => {
    const { context } = testContext();
    const buggy: Check = {
      id: 'buggy',
      title: 'Buggy',
      run: async () => {
        throw new TypeError('oops');
      },
    };
    await expect(runDoctor({}, { context, checks: [buggy] })).rejects.toThrow(TypeError);
  });

  test('lock fixes run before repairs', async () => {
    const { context } = testContext();
    const order: string[] = [];
    const make = (id: string, scope: 'locks' | 'repair'): Check => ({
      id,
      title: id,
      run: async () => [{ id, title: id, status: 'warn', message: 'needs fixing' }],
      fix: { scope, apply: async () => (order.push(id), []) },
    });
    await runDoctor({ fix: true }, { context, checks: [make('repair-first-listed', 'repair'), make('locks-second-listed', 'locks')] });
    expect(order).toEqual(['locks-second-listed', 'repair-first-listed']);
  });
});
