import { describe, expect, test } from 'vitest';
import { mcpHarness } from '../helpers/mcp.js';

// Custom roles in YAML, as a client sees them: prompts, the session's role list, planning, the specialist
// context, and a broken role file that is reported without taking the other roles down.
const files = {
  // The single-role format users of the Python orchestrator already have.
  '.task_orchestrator/roles/security.yaml': [
    'name: "Security Auditor"',
    'description: "Specialized in security analysis and vulnerability assessment"',
    'expertise:',
    '  - "OWASP security standards"',
    'prompts:',
    '  - "Identify potential vulnerabilities and mitigation strategies"',
    '',
  ].join('\n'),
  // A user-level role that replaces one built-in role only.
  'home/roles/team.yaml': [
    'reviewer:',
    '  role_definition: "You review changes for the platform team."',
    '  expertise: ["Our service conventions"]',
    '  approach: ["Check the runbook is updated"]',
    '  output_format: "TEAM REVIEW FORMAT"',
    '',
  ].join('\n'),
  '.task_orchestrator/roles/broken.yaml': 'oops:\n  role_definition: [unclosed\n',
};

describe('custom roles through a real MCP client', () => {
  test('are prompts, are listed by the session, can be planned with, and render their context', async () => {
    const h = await mcpHarness({ files });
    const { prompts } = await h.client.listPrompts();
    const names = prompts.map((prompt) => prompt.name);
    expect(names).toContain('specialist-security_auditor');
    // The other built-in roles are still there next to the custom ones.
    expect(names).toEqual(expect.arrayContaining(['specialist-architect', 'specialist-implementer', 'specialist-reviewer']));

    const session = await h.ok('orchestrator_initialize_session');
    const listed = session.roles as Array<{ name: string; source: string }>;
    expect(listed).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'security_auditor', source: 'project' }),
        expect.objectContaining({ name: 'reviewer', source: 'user' }),
        expect.objectContaining({ name: 'architect', source: 'built-in' }),
      ]),
    );
    expect(JSON.stringify(session.roleProblems)).toMatch(/broken\.yaml/);

    const plan = await h.ok('orchestrator_plan_task', {
      description: 'Harden the login',
      subtasks: [
        { title: 'Audit', description: 'Audit the login flow', specialist_type: 'security_auditor' },
        { title: 'Review', description: 'Review the fixes', specialist_type: 'reviewer', dependencies: ['Audit'] },
      ],
    });
    const [audit, review] = plan.order as string[];
    const executed = await h.ok('orchestrator_execute_subtask', { task_id: audit });
    expect(executed.text).toContain('OWASP security standards');
    expect(executed.text).toContain('Identify potential vulnerabilities and mitigation strategies');

    const prompt = await h.client.getPrompt({ name: 'specialist-reviewer', arguments: { task_id: review! } });
    const text = prompt.messages.map((message) => (message.content.type === 'text' ? message.content.text : '')).join('\n');
    expect(text).toContain('You review changes for the platform team.');
    expect(text).toContain('TEAM REVIEW FORMAT');
  });

  test('an unknown specialist_type is refused before anything is created, naming the known roles', async () => {
    const h = await mcpHarness({ files });
    const refused = await h.fails('orchestrator_plan_task', {
      description: 'x',
      subtasks: [{ title: 'Cast', description: 'Cast a spell', specialist_type: 'wizard' }],
    });
    expect(refused.text).toMatch(/wizard/);
    expect(refused.text).toMatch(/security_auditor/);
    const status = await h.ok('orchestrator_query_tasks', {});
    expect(status.total).toBe(0);
  });

  test('the health check reports the broken role file with its line, and the server keeps working', async () => {
    const h = await mcpHarness({ files });
    const health = await h.ok('orchestrator_health_check');
    const problems = (health.roles as { problems: Array<{ file: string; line?: number; message: string }> }).problems;
    expect(problems).toEqual([expect.objectContaining({ file: expect.stringMatching(/broken\.yaml$/), line: expect.any(Number) })]);
    expect((await h.client.listPrompts()).prompts.length).toBeGreaterThan(8);
  });
});
