import { describe, expect, test } from 'vitest';
import { DEFAULT_PROFILE_BUDGET, estimateTokens, listProfileTools } from '../../src/server/list-tools.js';
import { PROFILES, TOOLSETS, TOOLSET_NAMES, parseToolsets, toolNames } from '../../src/server/toolsets.js';
import { mcpHarness, textOf } from '../helpers/mcp.js';

type JsonSchema = {
  type?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
};

/** Paths of properties (at any depth) that have no description. */
function undescribed(schema: JsonSchema, at = ''): string[] {
  const missing: string[] = [];
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const where = at ? `${at}.${name}` : name;
    if (!property.description) missing.push(where);
    missing.push(...undescribed(property, where));
    if (property.items) missing.push(...undescribed(property.items, `${where}[]`));
  }
  return missing;
}

describe('toolsets and profiles', () => {
  test('parsing: nothing means the default profile; profiles and toolsets mix; unknown names and clashing tools are refused', () => {
    const names = (value: string | undefined) => toolNames(parseToolsets(value));
    expect(names(undefined)).toEqual(names('default'));
    expect(names('')).toEqual(names('default'));
    expect(names(' tasks , workflow ')).toEqual([...TOOLSETS.workflow, ...TOOLSETS.tasks]);
    expect(names('standard')).toEqual([...TOOLSETS.workflow, ...TOOLSETS.tasks, ...TOOLSETS.coordination, ...TOOLSETS.maintenance]);
    // Listed in the order of the toolsets, whatever the order of the names.
    const maintenance: readonly string[] = TOOLSETS.maintenance;
    expect(names('maintenance,default')).toEqual(names('standard').filter((name) => names('default').includes(name) || maintenance.includes(name)));
    expect(names('standard,compat-task-coordinator')).toEqual([...names('standard'), ...TOOLSETS['compat-task-coordinator']]);
    expect(() => parseToolsets('workflow,nope')).toThrow(/Unknown toolset "nope"/);
    try {
      parseToolsets('nope');
    } catch (error) {
      expect(error).toMatchObject({ code: 'USAGE', hint: expect.stringContaining(TOOLSET_NAMES.join(', ')) });
    }
    expect(() => parseToolsets('compat-orchestrator-server,compat-task-coordinator')).toThrow(/both define a tool named update_task/);
    expect(() => parseToolsets('all,compat-orchestrator-server')).toThrow(/both define a tool named update_task/);
    expect(() => parseToolsets(',')).toThrow(/No toolset/);
  });

  test('default covers the loop; standard is the four toolsets; all adds the compatibility tools', () => {
    expect(toolNames(parseToolsets('default')).sort()).toEqual(
      [
        'orchestrator_initialize_session',
        'orchestrator_plan_task',
        'orchestrator_get_next_task',
        'orchestrator_complete_subtask',
        'orchestrator_fail_task',
        'orchestrator_heartbeat',
        'orchestrator_query_tasks',
        'orchestrator_synthesize_results',
        'orchestrator_health_check',
      ].sort(),
    );
    // Under the 40 tools Cursor passes to the model from all servers together.
    expect(toolNames(parseToolsets('standard'))).toHaveLength(20);
    const all = parseToolsets('all');
    expect(all.tools.get('update_task')).toBe('compat-task-coordinator');
    expect(toolNames(all)).toHaveLength(20 + 7 + 9 - 1);
    expect(PROFILES.default.length).toBeLessThan(PROFILES.standard.length);
  });

  test(`the default profile costs at most ${DEFAULT_PROFILE_BUDGET.toLocaleString('en')} characters of the model's context`, async () => {
    const profiles = await listProfileTools('0.0.0-test');
    const byName = Object.fromEntries(profiles.map((profile) => [profile.profile, profile]));
    expect(byName.default!.characters).toBeLessThanOrEqual(DEFAULT_PROFILE_BUDGET);
    expect(byName.default!.tokens).toBe(estimateTokens(byName.default!.characters));
    expect(byName.default!.tokens).toBeLessThanOrEqual(3_000);
    expect(byName.default!.tools.map((tool) => tool.name)).toEqual(toolNames(parseToolsets('default')));
    // Measured as clients list them: what tools/list carries, name, title, description and input schema.
    const h = await mcpHarness({ toolsets: ['default'] });
    const { tools } = await h.client.listTools();
    const measured = tools.reduce(
      (sum, tool) =>
        sum + JSON.stringify({ name: tool.name, title: tool.title, description: tool.description, inputSchema: tool.inputSchema }).length,
      0,
    );
    expect(byName.default!.characters).toBe(measured);
    expect(byName.standard!.tools).toHaveLength(20);
    expect(byName.all!.characters).toBeGreaterThan(byName.standard!.characters);
  });

  test.each(TOOLSET_NAMES)('%s registers exactly its tools, each described and annotated', async (toolset) => {
    const h = await mcpHarness({ toolsets: [toolset] });
    const { tools } = await h.client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual([...TOOLSETS[toolset]]);
    for (const tool of tools) {
      expect(tool.description, tool.name).toBeTruthy();
      expect(tool.title, tool.name).toBeTruthy();
      expect(tool.annotations, tool.name).toMatchObject({
        readOnlyHint: expect.any(Boolean),
        destructiveHint: expect.any(Boolean),
        idempotentHint: expect.any(Boolean),
      });
      expect(undescribed(tool.inputSchema as JsonSchema), tool.name).toEqual([]);
      expect(tool.inputSchema, tool.name).toMatchObject({ type: 'object', additionalProperties: false });
      expect(tool.outputSchema, tool.name).toMatchObject({ type: 'object', properties: expect.any(Object) });
    }
  });

  test('read-only tools say so, and tools that change the store do not', async () => {
    const h = await mcpHarness();
    const { tools } = await h.client.listTools();
    const readOnly = tools
      .filter((tool) => tool.annotations?.readOnlyHint)
      .map((tool) => tool.name)
      .sort();
    expect(readOnly).toEqual([
      'orchestrator_get_status',
      'orchestrator_health_check',
      'orchestrator_list_workers',
      'orchestrator_query_tasks',
      'orchestrator_synthesize_results',
    ]);
    expect(tools.find((tool) => tool.name === 'orchestrator_delete_task')?.annotations?.destructiveHint).toBe(true);
  });
});

describe('bad input never takes the server down', () => {
  test('wrong types, missing fields and huge input are error results, an unknown tool a protocol error; the server keeps answering', async () => {
    const h = await mcpHarness();
    const cases: Array<[string, Record<string, unknown>]> = [
      ['orchestrator_execute_subtask', {}],
      ['orchestrator_execute_subtask', { task_id: 12 }],
      ['orchestrator_plan_task', { description: 'x', subtasks: 'not an array' }],
      ['orchestrator_plan_task', { description: 'x', subtasks: [{ title: 'a' }] }],
      ['orchestrator_query_tasks', { limit: -1 }],
      ['orchestrator_get_next_task', { worker_id: 'w', lease_seconds: 1 }],
      ['orchestrator_create_generic_task', { title: '' }],
      ['orchestrator_create_generic_task', { title: 'x', tags: ['has space'] }],
      ['orchestrator_complete_subtask', { task_id: 't1', summary: '', detailed_work: 'x' }],
    ];
    for (const [name, args] of cases) {
      const result = await h.call(name, args);
      expect(result.isError, `${name} ${JSON.stringify(args)}: ${textOf(result)}`).toBe(true);
      expect(textOf(result).length).toBeGreaterThan(10);
    }
    // An unknown tool is a protocol error (invalid params), not a tool result.
    await expect(h.call('no_such_tool', {})).rejects.toMatchObject({ code: -32602, message: expect.stringContaining('no_such_tool') });
    const huge = await h.call('orchestrator_query_tasks', { tags: Array.from({ length: 200_000 }, (_, i) => `t${i}`) });
    expect(huge.isError).toBe(true);
    expect((await h.ok('orchestrator_health_check')).status).toBe('ok');
  });

  test('an unknown argument is refused with the arguments the tool takes, and changes nothing', async () => {
    const h = await mcpHarness();
    await h.ok('orchestrator_create_generic_task', { title: 'One' });
    const refused = await h.call('orchestrator_get_status', { task_id: 't1' });
    expect(refused.isError).toBe(true);
    expect(refused.structuredContent).toMatchObject({
      error: { code: 'INVALID_INPUT', details: { unknown: ['task_id'], allowed: ['plan_id', 'include_completed', 'limit'] } },
    });
    expect(textOf(refused)).toBe(
      'Invalid input: unknown argument task_id for orchestrator_get_status.\nNext: orchestrator_get_status takes plan_id, include_completed, limit; leave the others out.',
    );
    const create = await h.fails('orchestrator_create_generic_task', { title: 'Two', owner: 'me', due: 'today' });
    expect(create.text).toMatch(/unknown arguments owner, due/);
    expect((await h.ok('orchestrator_query_tasks')).total).toBe(1);
    expect((await h.fails('orchestrator_list_workers', { verbose: true })).hint).toBe('orchestrator_list_workers takes no arguments.');
  });

  test('an unexpected exception is reported as an internal error and logged, not thrown', async () => {
    const h = await mcpHarness();
    h.connection.service.list = () => {
      throw new TypeError('boom');
    };
    const result = await h.fails('orchestrator_query_tasks');
    expect(result.code).toBe('INTERNAL');
    expect(result.text).toMatch(/^Internal error in orchestrator_query_tasks: boom\nNext: this is a bug/);
    expect(h.logs.join('')).toMatch(/error tool failed with an internal error name=orchestrator_query_tasks error=".*TypeError: boom/);
    expect((await h.ok('orchestrator_health_check')).status).toBe('ok');
  });

  test('each connection has its own worker id; connections of one process share the store', async () => {
    const a = await mcpHarness();
    const b = await mcpHarness({ dir: a.dir, shared: a.shared });
    const sessionA = await a.ok('orchestrator_initialize_session');
    const sessionB = await b.ok('orchestrator_initialize_session');
    expect(sessionA.workerId).not.toBe(sessionB.workerId);
    await a.ok('orchestrator_create_generic_task', { title: 'Shared' });
    await a.ok('orchestrator_execute_subtask', { task_id: 't1' });
    expect((await b.fails('orchestrator_execute_subtask', { task_id: 't1' })).text).toMatch(`held by ${sessionA.workerId}`);
    expect((await b.fails('orchestrator_complete_subtask', { task_id: 't1', summary: 's', detailed_work: 'w' })).code).toBe('FORBIDDEN');
  });
});
