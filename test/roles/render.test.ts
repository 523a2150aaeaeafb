import { describe, expect, test } from 'vitest';
import { builtInRoles, loadRoles, renderSpecialistContext } from '../../src/roles/index.js';
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
    await service.create({ id: 'build', title: 'Build it', description: 'Implement the endpoints.', parentId: 'plan', role: 'implementer', dependencies: ['design'], complexity: 'high' }, 'me');
    await service.complete('design', {
      worker: 'w',
      summary: 'Four endpoints, JSON over HTTP.',
      artifacts: [{ id: 'a1', path: 'artifacts/design/a1.md', type: 'design' }],
    });
    const doc = await service.snapshot();
    const role = builtInRoles().find((candidate) => candidate.name === 'implementer')!;
    const { markdown, structured } = renderSpecialistContext({ role, task: doc.tasks.build!, dependencies: [doc.tasks.design!], plan: doc.tasks.plan });

    expect(structured.role).toMatchObject({ name: 'implementer', outputFormat: role.outputFormat });
    expect(structured.task).toMatchObject({ id: 'build', title: 'Build it', complexity: 'high' });
    expect(structured.plan).toEqual({ id: 'plan', title: 'Ship the API', description: 'A small REST API.' });
    expect(structured.dependencies).toEqual([
      { id: 'design', title: 'Design', status: 'completed', summary: 'Four endpoints, JSON over HTTP.', artifacts: [{ id: 'a1', path: 'artifacts/design/a1.md', type: 'design' }] },
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
