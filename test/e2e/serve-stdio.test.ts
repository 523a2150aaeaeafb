import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseToolsets, TOOLSETS, toolNames } from '../../src/server/toolsets.js';
import { binPath, fixture, isolatedEnv, repoRoot, spawnBin, startNode } from '../helpers/bin.js';
import { stdioClient } from '../helpers/e2e.js';
import { mcpHarness } from '../helpers/mcp.js';
import { testdir } from '../helpers/testdir.js';

describe('orchestrator serve over stdio (the built binary)', () => {
  test('serves the default profile and runs the whole workflow with it; logs go to stderr', async () => {
    const dir = testdir();
    const env = isolatedEnv(dir);
    const server = await stdioClient(env);
    const { tools } = await server.client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(toolNames(parseToolsets(undefined)));

    const session = await server.data('orchestrator_initialize_session');
    expect(session.dataDir).toBe(path.join(dir, 'data'));
    const plan = await server.data('orchestrator_plan_task', {
      description: 'Write a CLI',
      subtasks_json: JSON.stringify([
        { title: 'Design', description: 'd', specialist_type: 'architect' },
        { title: 'Build', description: 'b', specialist_type: 'implementer', dependencies: ['Design'] },
      ]),
    });
    for (const id of plan.order as string[]) {
      const claimed = await server.data('orchestrator_get_next_task', { plan_id: plan.planId });
      expect(claimed.task.id).toBe(id);
      await server.data('orchestrator_complete_subtask', { task_id: id, summary: `did ${id}`, detailed_work: `work of ${id}` });
    }
    const synthesis = await server.data('orchestrator_synthesize_results', { parent_task_id: plan.planId });
    expect(synthesis.complete).toBe(true);
    const artifact = synthesis.artifacts[0];
    expect(readFileSync(path.join(dir, 'data', artifact.path), 'utf8')).toBe(`work of ${artifact.taskId}`);
    const read = await server.client.readResource({ uri: `orchestrator://artifacts/${artifact.taskId}/${artifact.id}` });
    expect((read.contents[0] as { text: string }).text).toBe(`work of ${artifact.taskId}`);
    expect(server.stderr()).toMatch(/info {2}serving on stdio dataDir=.*toolsets=default/);
  });

  test('stdout carries nothing but protocol, and the server exits 0 when stdin closes', async () => {
    const dir = testdir();
    const { child, done } = spawnBin(['serve', '--log-level', 'debug', '--toolsets', 'standard'], isolatedEnv(dir));
    const messages = [
      {
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
      },
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      {
        jsonrpc: '2.0',
        id: 2,
        method: 'tools/call',
        params: { name: 'orchestrator_create_generic_task', arguments: { title: 'From a raw client' } },
      },
      { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'orchestrator_health_check', arguments: {} } },
    ];
    child.stdin.write(`${messages.map((message) => JSON.stringify(message)).join('\n')}\nthis line is not JSON\n`);
    // Closing stdin right after the requests: they still complete before the process exits.
    child.stdin.end();
    const { code, stdout, stderr } = await done;
    expect(code).toBe(0);
    const lines = stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { id?: number; method?: string; result?: { structuredContent?: { task?: { id: string } } } });
    expect(lines.every((line) => 'jsonrpc' in line)).toBe(true);
    // Requests run concurrently, so answers may come in any order; every one comes. The new task may also be
    // announced (the resource list changed).
    const answers = lines.filter((line) => line.id !== undefined);
    expect(answers.map((line) => line.id).sort()).toEqual([1, 2, 3]);
    expect(lines.filter((line) => line.id === undefined).every((line) => line.method?.startsWith('notifications/resources/'))).toBe(true);
    expect(lines.find((line) => line.id === 2)?.result?.structuredContent?.task?.id).toBe('t1');
    expect(stderr).toMatch(/debug tool name=orchestrator_create_generic_task/);
    expect(stderr).toMatch(/info {2}stopped reason="stdin closed"/);
    const store = JSON.parse(readFileSync(path.join(dir, 'data', 'store.json'), 'utf8'));
    expect(store.tasks.t1).toMatchObject({ title: 'From a raw client', status: 'pending' });
  });

  test('toolsets come from --toolsets or ORCHESTRATOR_TOOLSETS', async () => {
    const dir = testdir();
    const byFlag = await stdioClient(isolatedEnv(dir), ['serve', '--toolsets', 'compat-orchestrator-server']);
    expect((await byFlag.client.listTools()).tools.map((tool) => tool.name)).toEqual([...TOOLSETS['compat-orchestrator-server']]);
    const byEnv = await stdioClient(isolatedEnv(dir, { ORCHESTRATOR_TOOLSETS: 'maintenance,compat-task-coordinator' }));
    expect((await byEnv.client.listTools()).tools.map((tool) => tool.name)).toEqual([
      ...TOOLSETS.maintenance,
      ...TOOLSETS['compat-task-coordinator'],
    ]);
  });

  test('serve loads neither the command program nor commander: its code comes in one file, dist/serve.cjs', async () => {
    const dir = testdir();
    const trace = path.join(dir, 'trace.txt');
    const child = startNode(
      '--import',
      [fixture('trace-imports.mjs'), binPath, 'serve'],
      { ...isolatedEnv(dir), TRACE_FILE: trace },
      { stdin: 'pipe' },
    );
    child.stdin!.end();
    expect((await child.output).code).toBe(0);
    const loaded = readFileSync(trace, 'utf8');
    expect(loaded).toContain('dist/commands/serve/fast.js');
    for (const name of ['commander', 'dist/program.js', 'commands/serve/command.js', 'dist/server/', 'dist/core/', '@modelcontextprotocol', '/zod/'])
      expect(loaded, name).not.toContain(name);
    // The YAML parser and the PostgreSQL driver are not in that file: they load on first use only (role files, a
    // store in a database), from node_modules.
    const bundle = readFileSync(path.join(repoRoot, 'dist', 'serve.cjs'), 'utf8');
    for (const name of ['yaml', 'pg']) {
      expect(bundle, name).not.toContain(`// node_modules/${name}/`);
      expect(loaded, name).not.toContain(`/node_modules/${name}/`);
    }
  });

  test('the tool listings shipped with the one-file build are those the schemas make', async () => {
    // Listed by the binary (from dist/serve.listings.json) and by a server built from the modules (converted now).
    const shipped = JSON.parse(readFileSync(path.join(repoRoot, 'dist', 'serve.listings.json'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(shipped).length).toBeGreaterThanOrEqual(2 * toolNames(parseToolsets('all')).length);
    for (const toolsets of ['all', 'compat-orchestrator-server']) {
      const binary = await stdioClient(isolatedEnv(testdir()), ['serve', '--toolsets', toolsets]);
      const modules = await mcpHarness({ toolsets: [toolsets] });
      expect((await binary.client.listTools()).tools, toolsets).toEqual((await modules.client.listTools()).tools);
    }
  });

  test('role files are read by the one-file build too, the YAML parser loaded when there is one', async () => {
    const dir = testdir({
      'data/roles/security.yaml':
        'name: "Security Auditor"\ndescription: "Finds vulnerabilities"\nexpertise:\n  - "OWASP"\nprompts:\n  - "Name each risk"\n',
      'data/roles/broken.yaml': 'oops:\n  role_definition: [unclosed\n',
    });
    const server = await stdioClient(isolatedEnv(dir));
    const { prompts } = await server.client.listPrompts();
    expect(prompts.map((prompt) => prompt.name)).toContain('specialist-security_auditor');
    const health = await server.data('orchestrator_health_check');
    expect(health.roles.problems).toEqual([
      expect.objectContaining({ file: path.join(dir, 'data', 'roles', 'broken.yaml'), line: expect.any(Number) }),
    ]);
  });

  test('--data-dir picks the store', async () => {
    const dir = testdir();
    const server = await stdioClient(isolatedEnv(dir), ['--data-dir', path.join(dir, 'elsewhere'), 'serve', '--toolsets', 'standard']);
    await server.data('orchestrator_create_generic_task', { title: 'Here' });
    expect(existsSync(path.join(dir, 'elsewhere', 'store.json'))).toBe(true);
  });

  test('bad options are usage errors (exit 2) that list what is valid, before anything starts', async () => {
    const dir = testdir();
    const unknown = await spawnBin(['serve', '--toolsets', 'workflow,everything'], isolatedEnv(dir)).done;
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(
      /Unknown toolset "everything"[\s\S]*Valid names: the profiles default, standard, all and the toolsets workflow, tasks, coordination, maintenance, compat-orchestrator-server, compat-task-coordinator/,
    );
    expect(unknown.stdout).toBe('');
    const level = await spawnBin(['serve'], isolatedEnv(dir, { ORCHESTRATOR_LOG_LEVEL: 'loud' })).done;
    expect(level.code).toBe(2);
    expect(level.stderr).toMatch(/not a log level/);
    const both = await spawnBin(['serve', '--toolsets', 'compat-orchestrator-server,compat-task-coordinator'], isolatedEnv(dir)).done;
    expect(both.code).toBe(2);
  });
});
