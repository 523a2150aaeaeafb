import { describe, expect, test } from 'vitest';
import { builtInRoles, loadRoles, RESULT_EXCERPT_CHARS, renderRole, renderSpecialistContext, type Role } from '../../src/roles/index.js';
import { testService } from '../helpers/service.js';

describe('built-in roles', () => {
  test('every role named in the design exists with all its parts', async () => {
    const catalog = await loadRoles({ dataDir: '/nonexistent', home: '/nonexistent' });
    expect(catalog.names()).toEqual(['architect', 'coordinator', 'debugger', 'documenter', 'implementer', 'researcher', 'reviewer', 'tester']);
    for (const role of catalog.list()) {
      expect(role.name).toMatch(/^[a-z0-9_-]+$/);
      expect(role.roleDefinition.length).toBeGreaterThan(40);
      expect(role.expertise.length).toBeGreaterThanOrEqual(3);
      expect(role.approach.length).toBeGreaterThanOrEqual(3);
      expect(role.outputFormat.length).toBeGreaterThan(40);
      expect(role.source).toBe('built-in');
    }
  });
});

describe('renderSpecialistContext', () => {
  test('includes the role, the task, the plan and what the dependencies produced, in both forms', async () => {
    const { service } = testService();
    await service.create({ id: 'plan', title: 'Ship the API', description: 'A small REST API.' }, 'me');
    await service.create({ id: 'design', title: 'Design', parentId: 'plan', role: 'architect' }, 'me');
    await service.create(
      {
        id: 'build',
        title: 'Build it',
        description: 'Implement the endpoints.',
        parentId: 'plan',
        role: 'implementer',
        dependencies: ['design'],
        complexity: 'high',
      },
      'me',
    );
    await service.complete('design', {
      worker: 'w',
      summary: 'Four endpoints, JSON over HTTP.',
      artifacts: [{ id: 'a1', path: 'artifacts/design/a1.md', type: 'design' }],
    });
    const doc = await service.snapshot();
    const role = builtInRoles().find((candidate) => candidate.name === 'implementer')!;
    const { markdown, structured } = renderSpecialistContext({
      role,
      task: doc.tasks.build!,
      dependencies: [doc.tasks.design!],
      plan: doc.tasks.plan,
    });

    expect(structured.role).toMatchObject({ name: 'implementer', outputFormat: role.outputFormat });
    expect(structured.task).toMatchObject({ id: 'build', title: 'Build it', complexity: 'high' });
    expect(structured.plan).toEqual({ id: 'plan', title: 'Ship the API', description: 'A small REST API.' });
    expect(structured.dependencies).toEqual([
      {
        id: 'design',
        title: 'Design',
        status: 'completed',
        summary: 'Four endpoints, JSON over HTTP.',
        resultExcerpt: null,
        artifacts: [{ id: 'a1', path: 'artifacts/design/a1.md', type: 'design' }],
      },
    ]);
    expect(markdown).toContain('# Specialist: implementer');
    expect(markdown).toContain(role.roleDefinition);
    expect(markdown).toContain(`1. ${role.approach[0]}`);
    expect(markdown).toContain('## Task build: Build it');
    expect(markdown).toContain('Four endpoints, JSON over HTTP.');
    expect(markdown).toContain('`artifacts/design/a1.md` (design)');
    expect(markdown).toContain('## Expected output');
    expect(markdown.trimEnd().endsWith(role.outputFormat)).toBe(true);
  });
});

const AUDITOR: Role = {
  name: 'security_auditor',
  displayName: 'Security Auditor',
  description: 'Audits',
  roleDefinition: 'You are the Security Auditor: specialized in security analysis.',
  expertise: ['OWASP'],
  approach: ['Focus on security', 'Rate findings'],
  outputFormat: 'A findings table.',
  source: 'project',
  file: '/p/roles/custom.yaml',
  line: 1,
};

describe('renderSpecialistContext for custom roles and sparse tasks', () => {
  test('a dependency without a summary shows the start of its result; long results are cut', async () => {
    const { service } = testService();
    await service.create({ id: 'short', title: 'Short' }, 'me');
    await service.create({ id: 'long', title: 'Long' }, 'me');
    await service.create({ id: 'none', title: 'None' }, 'me');
    await service.create({ id: 'audit', title: 'Audit\nthe API', dependencies: ['short', 'long', 'none'] }, 'me');
    await service.complete('short', { worker: 'w', result: 'Only a result.' });
    await service.complete('long', { worker: 'w', result: 'x'.repeat(RESULT_EXCERPT_CHARS + 50) });
    await service.complete('none', { worker: 'w' });
    const doc = await service.snapshot();
    const { markdown, structured } = renderSpecialistContext({
      role: AUDITOR,
      task: doc.tasks.audit!,
      dependencies: ['short', 'long', 'none'].map((id) => doc.tasks[id]!),
    });

    expect(structured.role).toMatchObject({ name: 'security_auditor', displayName: 'Security Auditor', source: 'project' });
    expect(structured.plan).toBeNull();
    expect(structured.dependencies.map((dependency) => [dependency.summary, dependency.resultExcerpt?.length ?? null])).toEqual([
      [null, 'Only a result.'.length],
      [null, RESULT_EXCERPT_CHARS + 1],
      [null, null],
    ]);
    expect(structured.dependencies[1]!.resultExcerpt!.endsWith('…')).toBe(true);
    expect(markdown).toContain('# Specialist: security_auditor (Security Auditor)');
    expect(markdown).toContain('## Task audit: Audit the API\n');
    expect(markdown).toContain('_No summary; the start of its result:_\n\nOnly a result.');
    expect(markdown).toContain('### none: None (completed)\n\n_No summary._');
    expect(markdown).not.toContain('## Part of plan');
    expect(markdown).toContain('_No description was given; work from the title and the plan._');
    expect(markdown.trimEnd().endsWith('## Expected output\n\nA findings table.')).toBe(true);
  });

  test('the whole rendering of a small context, next to the checks on its parts above', async () => {
    const { service } = testService();
    await service.create(
      { id: 'fix', title: 'Fix the login bug', description: 'Users cannot log in after a password reset.', priority: 'high', estimatedEffort: '2h' },
      'me',
    );
    const doc = await service.snapshot();
    const { markdown } = renderSpecialistContext({ role: AUDITOR, task: doc.tasks.fix!, dependencies: [] });
    expect(markdown).toMatchInlineSnapshot(`
      "# Specialist: security_auditor (Security Auditor)

      You are the Security Auditor: specialized in security analysis.

      ## Expertise
      - OWASP

      ## Approach
      1. Focus on security
      2. Rate findings

      ## Task fix: Fix the login bug

      Users cannot log in after a password reset.

      _priority high · estimated effort 2h_

      ## Expected output

      A findings table.
      "
    `);
  });

  test('renderRole renders a role without a task, and skips empty lists', () => {
    const markdown = renderRole({ ...AUDITOR, expertise: [] });
    expect(markdown).toContain('# Specialist: security_auditor (Security Auditor)');
    expect(markdown).not.toContain('## Expertise');
    expect(markdown).toContain('## Approach\n1. Focus on security\n2. Rate findings');
    expect(markdown).not.toContain('## Task');
    expect(markdown.trimEnd().endsWith('A findings table.')).toBe(true);
  });
});
