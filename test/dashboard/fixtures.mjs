// A small store that shows every part of the dashboard: a plan with dependencies, agents holding leases (one
// about to expire), a failed task, tags and priorities. Used for the screenshots in docs/.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export async function loadBuilt() {
  const core = await import(path.join(root, 'dist', 'core', 'index.js'));
  const dashboard = await import(path.join(root, 'dist', 'dashboard', 'index.js'));
  return { core, dashboard, root };
}

export async function seedShowcase(service) {
  const { plan } = await service.createPlan(
    {
      title: 'Ship the login page',
      description: 'Sign-in with email and password, then single sign-on.',
      subtasks: [
        { title: 'Design the auth API', role: 'architect', priority: 'high', tags: ['api'] },
        { title: 'Implement the endpoints', role: 'implementer', dependencies: ['Design the auth API'], tags: ['api'] },
        { title: 'Build the login form', role: 'implementer', dependencies: ['Design the auth API'], tags: ['ui'] },
        { title: 'Write the API docs', role: 'documenter', dependencies: ['Design the auth API'] },
        { title: 'End-to-end tests', role: 'tester', dependencies: ['Implement the endpoints', 'Build the login form'], tags: ['e2e'] },
        { title: 'Security review', role: 'reviewer', priority: 'high', dependencies: ['End-to-end tests'] },
      ],
    },
    'cli:alice',
  );
  await service.create({ title: 'Fix the flaky CI job', role: 'debugger', priority: 'urgent', tags: ['ci'] }, 'cli:alice');
  await service.create({ title: 'Upgrade the database driver', role: 'implementer', priority: 'low', tags: ['deps'] }, 'cli:alice');
  await service.create({ title: 'Migrate the user table', role: 'implementer', tags: ['db'] }, 'cli:alice');
  const design = await service.next({ worker: 'cursor-agent-1', roles: ['architect'] });
  await service.complete(design.id, { worker: 'cursor-agent-1', summary: 'REST, four endpoints, JWT sessions.' });
  await service.next({ worker: 'claude-code', roles: ['implementer'], parentId: plan.id });
  await service.next({ worker: 'windsurf-2', roles: ['debugger'], leaseSeconds: 45 });
  const migrate = await service.start('t10', { worker: 'cli:alice' });
  await service.fail(migrate.id, { worker: 'cli:alice', error: 'The migration timed out after 30 s.' });
  await service.next({ worker: 'zed-agent', roles: ['documenter'] });
  // A lease that runs out five seconds from now: the agents view shows how an expired one stands out.
  await service.next({ worker: 'copilot-3', roles: ['implementer'], leaseSeconds: 5 });
  return plan.id;
}
