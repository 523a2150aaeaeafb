import { describe, expect, test } from 'vitest';
import { stdioClient } from '../helpers/e2e.js';
import { binEnv, isolatedEnv, runBin, runJson } from '../helpers/bin.js';
import { testdir } from '../helpers/testdir.js';

const NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];

describe("ids that are JavaScript's own names, from both faces", () => {
  test('the terminal: add, depend, show, claim, complete, check; never an internal error', () => {
    const { env } = binEnv();
    const run = (args: string[]) => {
      const result = runBin(args, env);
      expect(result.stderr, args.join(' ')).not.toMatch(/Internal error/);
      return result;
    };
    // A dependency on a task that does not exist yet is refused, whatever its name.
    const unknown = run(['tasks', 'add', 'early', '--dep', 'constructor']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/unknown task constructor/);
    for (const name of NAMES) expect(run(['tasks', 'add', `task ${name}`, '--id', name]).status).toBe(0);
    expect(run(['tasks', 'add', 'again', '--id', 'toString']).stderr).toMatch(/already/);
    expect(run(['tasks', 'add', 'last', '--id', 'last', '--dep', NAMES.join(',')]).status).toBe(0);
    expect(runJson<{ task: { id: string; blockedBy: string[] } }>(['tasks', 'show', 'last'], env).json.task.blockedBy).toEqual(NAMES);
    expect(runJson<{ task: { id: string } }>(['tasks', 'show', '__proto__'], env).json.task.id).toBe('__proto__');
    for (let i = 0; i < NAMES.length; i++) {
      const next = runJson<{ task: { id: string } }>(['tasks', 'next', '--worker', 'w'], env);
      expect(next.status, next.stderr).toBe(0);
      expect(run(['tasks', 'done', next.json.task.id, '--worker', 'w']).status).toBe(0);
    }
    expect(runJson<{ task: { ready: boolean } }>(['tasks', 'show', 'last'], env).json.task.ready).toBe(true);
    expect(run(['tasks', 'delete', 'hasOwnProperty', '--force']).status).toBe(0);
    const check = runJson<{ summary: { fail: number; warn: number } }>(['db', 'check'], env);
    expect(check.json.summary).toMatchObject({ fail: 0 });
  });

  test('MCP: tools take them as ids and dependencies', async () => {
    const dir = testdir();
    const { data, call } = await stdioClient(isolatedEnv(dir, { ORCHESTRATOR_TOOLSETS: 'standard' }));
    for (const name of NAMES) await data('orchestrator_create_generic_task', { title: `task ${name}`, task_id: name });
    const last = await data('orchestrator_create_generic_task', { title: 'last', task_id: 'last', dependencies: NAMES });
    expect(last.task.blockedBy).toEqual(NAMES);
    const listed = await data('orchestrator_query_tasks', {});
    expect(listed.tasks.map((task: { id: string }) => task.id)).toEqual(expect.arrayContaining([...NAMES, 'last']));
    const refused = await call('orchestrator_create_generic_task', { title: 'x', metadata: JSON.parse('{"__proto__": {"a": 1}}') });
    expect(refused.isError).toBe(true);
    expect(JSON.stringify(refused.content)).toMatch(/__proto__/);
    expect(JSON.stringify(refused.content)).not.toMatch(/internal error/i);
  });
});
