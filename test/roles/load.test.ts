import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { roleNameSchema } from '../../src/core/schemas.js';
import { BUILT_IN_ROLES, isValidRoleName, loadRoles, toRoleName } from '../../src/roles/index.js';
import { testdir } from '../helpers/testdir.js';

const BUILT_IN_NAMES = BUILT_IN_ROLES.map((role) => role.name).sort();

/** A data dir and a home, each with the given role files (name -> YAML). */
function layout(files: { project?: Record<string, string>; user?: Record<string, string> }) {
  const entries: Record<string, string> = {};
  for (const [name, text] of Object.entries(files.project ?? {})) entries[`data/roles/${name}`] = text;
  for (const [name, text] of Object.entries(files.user ?? {})) entries[`home/roles/${name}`] = text;
  const root = testdir(entries);
  return { root, dataDir: path.join(root, 'data'), home: path.join(root, 'home') };
}

const ROLES_MAP = `# A comment at the top
security_auditor:
  role_definition: "You are a security auditor."
  expertise:
    - OWASP Top 10
    - Threat modelling
  approach:
    - Find the entry points
    - Rate each finding
  output_format: A findings table.

data_engineer:
  description: Builds data pipelines
  role_definition: You build data pipelines. You care about correctness first.
  expertise: [ETL, SQL]
  approach: [Profile the data, Write the pipeline]
  output_format: The pipeline and its tests.
`;

const SEED_SINGLE_ROLE = `# .task_orchestrator/roles/custom_specialist.yaml
name: "Security Auditor"
description: "Specialized in security analysis and vulnerability assessment"
expertise:
  - "OWASP security standards"
  - "Penetration testing methodologies"
  - "Secure coding practices"
  - "Compliance frameworks"
prompts:
  - "Focus on security implications of all recommendations"
  - "Identify potential vulnerabilities and mitigation strategies"
  - "Ensure compliance with industry security standards"
`;

describe('role names', () => {
  test('follow the same rule as the task field "role"', () => {
    for (const name of ['architect', 'a', 'x-1_y', 'a'.repeat(64), 'A', 'has space', '', 'a'.repeat(65), 'é', 'a.b']) {
      expect(isValidRoleName(name), name).toBe(roleNameSchema.safeParse(name).success);
    }
  });

  test('are derived from display names', () => {
    expect(toRoleName('Security Auditor')).toBe('security_auditor');
    expect(toRoleName('  Café / Ops-Lead! ')).toBe('cafe_ops-lead');
    expect(toRoleName('日本語')).toBeUndefined();
    expect(toRoleName('x'.repeat(100))).toHaveLength(64);
  });
});

describe('loading custom roles', () => {
  test('with no roles folders, the catalog holds the built-in roles and no problems', async () => {
    const { dataDir, home } = layout({});
    const catalog = await loadRoles({ dataDir, home });
    expect(catalog.names()).toEqual(BUILT_IN_NAMES);
    expect(catalog.problems).toEqual([]);
  });

  test('a role is found whatever the capitals or spaces it is named with', async () => {
    const { dataDir, home } = layout({});
    const catalog = await loadRoles({ dataDir, home });
    expect(catalog.get(' Tester ')?.name).toBe('tester');
    expect(catalog.get('nobody')).toBeUndefined();
  });

  test('format 1: one key per role, description derived from the definition when absent', async () => {
    const { dataDir, home } = layout({ project: { 'team.yaml': ROLES_MAP } });
    const catalog = await loadRoles({ dataDir, home });
    expect(catalog.problems).toEqual([]);
    expect(catalog.get('security_auditor')).toEqual({
      name: 'security_auditor',
      description: 'You are a security auditor',
      roleDefinition: 'You are a security auditor.',
      expertise: ['OWASP Top 10', 'Threat modelling'],
      approach: ['Find the entry points', 'Rate each finding'],
      outputFormat: 'A findings table.',
      source: 'project',
      file: path.join(dataDir, 'roles', 'team.yaml'),
      line: 2,
    });
    expect(catalog.get('data_engineer')).toMatchObject({ description: 'Builds data pipelines', expertise: ['ETL', 'SQL'], line: 12 });
    expect(catalog.names()).toEqual([...BUILT_IN_NAMES, 'data_engineer', 'security_auditor'].sort());
  });

  test('format 2: the seed\'s single-role file, named from "name", prompts as the approach', async () => {
    const { dataDir, home } = layout({ project: { 'custom_specialist.yaml': SEED_SINGLE_ROLE } });
    const catalog = await loadRoles({ dataDir, home });
    expect(catalog.problems).toEqual([]);
    const role = catalog.get('security_auditor');
    expect(role).toMatchObject({
      name: 'security_auditor',
      displayName: 'Security Auditor',
      description: 'Specialized in security analysis and vulnerability assessment',
      roleDefinition: 'You are the Security Auditor: specialized in security analysis and vulnerability assessment.',
      expertise: ['OWASP security standards', 'Penetration testing methodologies', 'Secure coding practices', 'Compliance frameworks'],
      approach: [
        'Focus on security implications of all recommendations',
        'Identify potential vulnerabilities and mitigation strategies',
        'Ensure compliance with industry security standards',
      ],
      source: 'project',
      line: 2,
    });
    expect(role!.outputFormat.length).toBeGreaterThan(40);
    expect(catalog.get('custom_specialist')).toBeUndefined();
  });

  test('format 2 keeps a valid name as it is, and takes role_definition, approach and output_format when given', async () => {
    const { dataDir, home } = layout({
      user: {
        'ops.yml':
          'name: ops\ndescription: Runs things\nexpertise: [k8s]\napproach: [Check the dashboards]\nrole_definition: You run production.\noutput_format: A runbook.\n',
      },
    });
    const role = (await loadRoles({ dataDir, home })).get('ops');
    expect(role).toMatchObject({
      name: 'ops',
      roleDefinition: 'You run production.',
      approach: ['Check the dashboards'],
      outputFormat: 'A runbook.',
      source: 'user',
    });
    expect(role).not.toHaveProperty('displayName');
  });

  test('the role file of the Python orchestrator (with specialist_roles) loads', async () => {
    const legacy = `task_orchestrator:
  role_definition: "You are a Task Orchestrator"
  expertise: ["Breaking down complex tasks"]
  approach: ["Carefully analyze the requirements"]
  output_format: "Structured task breakdown"
  specialist_roles:
    architect: "System design and architecture planning"
`;
    const { dataDir, home } = layout({ project: { 'default_roles.yaml': legacy } });
    const catalog = await loadRoles({ dataDir, home });
    expect(catalog.problems).toEqual([]);
    expect(catalog.get('task_orchestrator')?.roleDefinition).toBe('You are a Task Orchestrator');
  });

  test('only *.yaml and *.yml files are read; hidden files and other files are not', async () => {
    const entry = (name: string) => `${name}:\n  role_definition: d\n  expertise: [e]\n  approach: [a]\n  output_format: o\n`;
    const { dataDir, home } = layout({
      project: {
        'a.yaml': entry('from_yaml'),
        'b.yml': entry('from_yml'),
        'c.YAML': entry('from_upper'),
        '.d.yaml': entry('hidden'),
        'e.txt': entry('text'),
        'f.yaml.bak': entry('backup'),
      },
    });
    const catalog = await loadRoles({ dataDir, home });
    expect(catalog.names().filter((name) => !BUILT_IN_NAMES.includes(name))).toEqual(['from_upper', 'from_yaml', 'from_yml']);
  });

  test('YAML anchors, aliases and merge keys can share parts between roles', async () => {
    const text = `backend:
  role_definition: You build services.
  expertise: &stack [Node.js, PostgreSQL]
  approach: &steps [Read the design, Write tests first, Implement]
  output_format: &report The change, the tests, and how to run them.
frontend:
  <<: { expertise: *stack, approach: *steps, output_format: *report }
  role_definition: You build screens.
`;
    const { dataDir, home } = layout({ project: { 'shared.yaml': text } });
    const catalog = await loadRoles({ dataDir, home });
    expect(catalog.problems).toEqual([]);
    expect(catalog.get('frontend')).toMatchObject({
      roleDefinition: 'You build screens.',
      expertise: ['Node.js', 'PostgreSQL'],
      approach: ['Read the design', 'Write tests first', 'Implement'],
      outputFormat: 'The change, the tests, and how to run them.',
    });
  });

  test('a file with only comments holds no roles and is not a problem', async () => {
    const { dataDir, home } = layout({ project: { 'notes.yaml': '# nothing here yet\n' } });
    const catalog = await loadRoles({ dataDir, home });
    expect(catalog.problems).toEqual([]);
    expect(catalog.names()).toEqual(BUILT_IN_NAMES);
  });
});

describe('precedence', () => {
  const entry = (name: string, output: string) =>
    `${name}:\n  role_definition: A ${name} for tests.\n  expertise: [x]\n  approach: [y]\n  output_format: ${output}\n`;

  test('project over user over built-in, per role: the other built-in roles stay', async () => {
    const { dataDir, home } = layout({
      user: { 'mine.yaml': entry('reviewer', 'user review') + entry('tester', 'user tests') },
      project: { 'team.yaml': entry('reviewer', 'project review') },
    });
    const catalog = await loadRoles({ dataDir, home });
    expect(catalog.problems).toEqual([]);
    expect(catalog.names()).toEqual(BUILT_IN_NAMES);
    const reviewer = catalog.get('reviewer')!;
    expect(reviewer).toMatchObject({ outputFormat: 'project review', source: 'project' });
    expect(reviewer.overrides).toEqual([{ source: 'user', file: path.join(home, 'roles', 'mine.yaml'), line: 1 }, { source: 'built-in' }]);
    expect(catalog.get('tester')).toMatchObject({ outputFormat: 'user tests', source: 'user', overrides: [{ source: 'built-in' }] });
    const architect = catalog.get('architect')!;
    expect(architect.source).toBe('built-in');
    expect(architect.overrides).toBeUndefined();
  });

  test('a role replaces the lower one as a whole (no field-by-field mixing)', async () => {
    const { dataDir, home } = layout({ project: { 'r.yaml': entry('implementer', 'just this') } });
    const implementer = (await loadRoles({ dataDir, home })).get('implementer')!;
    const builtIn = BUILT_IN_ROLES.find((role) => role.name === 'implementer')!;
    expect(implementer.expertise).toEqual(['x']);
    expect(implementer.roleDefinition).not.toBe(builtIn.roleDefinition);
  });

  test('when the data directory is ORCHESTRATOR_HOME, its roles are read once, as project roles', async () => {
    const root = testdir({ 'home/roles/r.yaml': entry('solo', 'o') });
    const catalog = await loadRoles({ dataDir: path.join(root, 'home'), home: path.join(root, 'home') });
    expect(catalog.problems).toEqual([]);
    expect(catalog.get('solo')).toMatchObject({ source: 'project' });
    expect(catalog.get('solo')!.overrides).toBeUndefined();
  });

  test('the same role in two files of one folder: the first file by name wins and the other is reported', async () => {
    const { dataDir, home } = layout({ project: { 'b.yaml': `\n${entry('dup', 'from b')}`, 'a.yaml': entry('dup', 'from a') } });
    const catalog = await loadRoles({ dataDir, home });
    expect(catalog.get('dup')).toMatchObject({ outputFormat: 'from a' });
    expect(catalog.problems).toEqual([
      {
        file: path.join(dataDir, 'roles', 'b.yaml'),
        line: 2,
        role: 'dup',
        source: 'project',
        message: `role "dup" is already defined in ${path.join(dataDir, 'roles', 'a.yaml')}:1; that definition is used and this one is ignored`,
      },
    ]);
  });

  test('a derived single-role name colliding with a roles-map entry in the same folder is a duplicate too', async () => {
    const { dataDir, home } = layout({ project: { 'a.yaml': entry('security_auditor', 'a'), 'custom.yaml': SEED_SINGLE_ROLE } });
    const catalog = await loadRoles({ dataDir, home });
    expect(catalog.get('security_auditor')?.outputFormat).toBe('a');
    expect(catalog.problems.map((problem) => [path.basename(problem.file), problem.line, problem.role])).toEqual([
      ['custom.yaml', 2, 'security_auditor'],
    ]);
  });
});
