import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { BUILT_IN_ROLES } from '../../src/roles/index.js';
import { binSandbox } from '../helpers/bin.js';

// Spawns the built binary (npm test builds first) with stdin that is not a terminal, in temporary directories.

const BUILT_IN_NAMES = BUILT_IN_ROLES.map((role) => role.name).sort();

function sandbox(files: Record<string, string> = {}) {
  const cli = binSandbox(files);
  const { root } = cli;
  return { ...cli, project: path.join(root, 'data', 'roles'), user: path.join(root, 'home', 'roles') };
}

const ENTRY = (name: string, output = 'A report.') =>
  `${name}:\n  role_definition: You are the ${name} for this project.\n  expertise: [one thing]\n  approach: [do it]\n  output_format: ${output}\n`;
const SEED = 'name: "Security Auditor"\ndescription: "Specialized in security analysis"\nexpertise: ["OWASP"]\nprompts: ["Focus on security"]\n';

describe('orchestrator roles list', () => {
  test('shows the built-in roles with their source and description; --json gives the documented shape', () => {
    const cli = sandbox();
    const text = cli.run('roles', 'list');
    expect(text.code).toBe(0);
    expect(text.stderr).toBe('');
    const lines = text.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+SOURCE\s+DESCRIPTION$/);
    expect(lines.slice(1).map((line) => line.split(/\s+/)[0])).toEqual(BUILT_IN_NAMES);
    for (const line of lines.slice(1)) expect(line).toMatch(/^\S+\s+built-in\s+\S/);

    const { code, body } = cli.json('roles', 'list');
    expect(code).toBe(0);
    expect(body.roles.map((role: { name: string }) => role.name)).toEqual(BUILT_IN_NAMES);
    expect(body.roles[0]).toEqual({
      name: 'architect',
      displayName: null,
      description: expect.any(String),
      roleDefinition: expect.any(String),
      expertise: expect.any(Array),
      approach: expect.any(Array),
      outputFormat: expect.any(String),
      source: 'built-in',
      file: null,
      line: null,
      overrides: [],
    });
    expect(body.problems).toEqual([]);
    expect(body.folders).toEqual({ project: cli.project, user: cli.user });
  });

  test('marks custom roles and what they override, and reports bad files on stderr without failing', () => {
    const cli = sandbox({
      'home/roles/mine.yaml': ENTRY('reviewer', 'user review') + ENTRY('mentor'),
      'data/roles/team.yaml': ENTRY('reviewer', 'project review'),
      'data/roles/custom_specialist.yaml': SEED,
      'data/roles/broken.yaml': 'x:\n  role_definition: [1]\n  expertise: [e]\n  approach: [a]\n  output_format: o\n',
    });
    const text = cli.run('roles', 'list');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^reviewer\s+project \(overrides user, built-in\)\s+You are the reviewer for this project$/m);
    expect(text.stdout).toMatch(/^mentor\s+user\s+/m);
    expect(text.stdout).toMatch(/^security_auditor\s+project\s+Specialized in security analysis$/m);
    expect(text.stdout).toMatch(/^architect\s+built-in\s+/m);
    expect(text.stderr).toContain('1 problem in role files');
    expect(text.stderr).toContain(`${path.join('data', 'roles', 'broken.yaml')}:2: x.role_definition: expected text, got a list`);

    const { body } = cli.json('roles', 'list');
    const reviewer = body.roles.find((role: { name: string }) => role.name === 'reviewer');
    expect(reviewer).toMatchObject({
      source: 'project',
      file: path.join(cli.project, 'team.yaml'),
      line: 1,
      overrides: [
        { source: 'user', file: path.join(cli.user, 'mine.yaml'), line: 1 },
        { source: 'built-in', file: null, line: null },
      ],
    });
    expect(body.problems).toEqual([
      { file: path.join(cli.project, 'broken.yaml'), line: 2, role: 'x', message: 'x.role_definition: expected text, got a list', source: 'project' },
    ]);
  });
});

describe('orchestrator roles show', () => {
  test('prints the whole role and where it comes from; --json gives { role }', () => {
    const cli = sandbox({ 'data/roles/custom_specialist.yaml': SEED });
    const text = cli.run('roles', 'show', 'security_auditor');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('security_auditor (Security Auditor)  project');
    expect(text.stdout).toContain(`file:      ${path.join('data', 'roles', 'custom_specialist.yaml')}:1`);
    expect(text.stdout).toContain('You are the Security Auditor: specialized in security analysis.');
    expect(text.stdout).toMatch(/Approach\n {2}1\. Focus on security\n/);
    expect(text.stdout).toContain('Output format');

    const { body } = cli.json('roles', 'show', 'architect');
    expect(body.role).toMatchObject({ name: 'architect', source: 'built-in', file: null });
    expect(body.role.outputFormat.length).toBeGreaterThan(20);
  });

  test('an unknown role fails with the known names; a broken one with its problems', () => {
    const cli = sandbox({ 'data/roles/b.yaml': 'broken:\n  role_definition: x\n' });
    const unknown = cli.run('roles', 'show', 'nobody');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No role named "nobody".');
    expect(unknown.stderr).toContain('Known roles: architect, coordinator,');
    const broken = cli.json('roles', 'show', 'broken');
    expect(broken.code).toBe(1);
    expect(broken.body.error).toMatchObject({ code: 'INVALID_INPUT', message: 'Role "broken" is defined but not valid, so it is not in use.' });
    expect(broken.body.error.details.problems.map((problem: { message: string }) => problem.message)).toEqual([
      'broken.expertise: is missing',
      'broken.approach: is missing',
      'broken.output_format: is missing',
    ]);
  });
});

describe('orchestrator roles add and remove', () => {
  test('add with flags writes the project file; remove says where it removed it from', () => {
    const cli = sandbox();
    const added = cli.run(
      'roles',
      'add',
      'data_engineer',
      '--definition',
      'You build pipelines.',
      '--expertise',
      'SQL, mostly',
      '--expertise',
      'Airflow',
      '--approach',
      'Profile the data',
      '--approach',
      'Build it',
      '--output-format',
      'The pipeline.',
      '--description',
      'Builds data pipelines',
    );
    expect(added.code).toBe(0);
    expect(added.stdout).toContain(`Added project role data_engineer to ${path.join('data', 'roles', 'roles.yaml')} (new file)`);
    const { body } = cli.json('roles', 'show', 'data_engineer');
    expect(body.role).toMatchObject({
      expertise: ['SQL, mostly', 'Airflow'],
      approach: ['Profile the data', 'Build it'],
      description: 'Builds data pipelines',
      source: 'project',
    });

    const json = cli.json('roles', 'add', 'reviewer', '--output-format', 'Findings, most severe first.');
    expect(json.code).toBe(0);
    expect(json.body).toMatchObject({
      action: 'added',
      scope: 'project',
      fileCreated: false,
      shadowedBy: null,
      role: { name: 'reviewer', overrides: [{ source: 'built-in' }] },
    });

    const removed = cli.run('roles', 'remove', 'reviewer');
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain(`Removed project role reviewer from ${path.join('data', 'roles', 'roles.yaml')}`);
    expect(removed.stdout).toContain('The built-in role "reviewer" applies now.');

    const last = cli.json('roles', 'remove', 'data_engineer');
    expect(last.body).toEqual({
      name: 'data_engineer',
      scope: 'project',
      removedFrom: [{ file: path.join(cli.project, 'roles.yaml'), fileDeleted: true }],
      now: null,
    });
    expect(existsSync(path.join(cli.project, 'roles.yaml'))).toBe(false);
  });

  test('add --scope user writes to ORCHESTRATOR_HOME', () => {
    const cli = sandbox();
    const added = cli.json(
      'roles',
      'add',
      'mentor',
      '--scope',
      'user',
      '--definition',
      'You teach.',
      '--expertise',
      'Pairing',
      '--approach',
      'Ask first',
      '--output-format',
      'Notes.',
    );
    expect(added.code).toBe(0);
    expect(added.body.file).toBe(path.join(cli.user, 'roles.yaml'));
    expect(cli.json('roles', 'show', 'mentor').body.role.source).toBe('user');
  });

  test('without a terminal, add names the flags it needs (exit 2); bad names and built-in removal exit 1', () => {
    const cli = sandbox();
    const asking = cli.run('roles', 'add', 'newbie', '--definition', 'Only this.');
    expect(asking.code).toBe(2);
    expect(asking.stderr).toContain('there is no terminal to ask them on');
    expect(asking.stderr).toContain('Pass --expertise <text> (repeatable), --approach <text> (repeatable), --output-format <text> instead.');

    const badName = cli.run('roles', 'add', 'Security Auditor', '--definition', 'x');
    expect(badName.code).toBe(1);
    expect(badName.stderr).toContain('Use "security_auditor" instead.');

    const builtIn = cli.run('roles', 'remove', 'architect');
    expect(builtIn.code).toBe(1);
    expect(builtIn.stderr).toContain('"architect" is a built-in role; built-in roles cannot be removed.');
    expect(builtIn.stderr).toContain('orchestrator roles add architect');

    const unknown = cli.json('roles', 'remove', 'nobody');
    expect(unknown.code).toBe(1);
    expect(unknown.body.error.code).toBe('NOT_FOUND');
    expect(cli.run('roles', 'add', 'x', '--scope', 'team').code).toBe(2);
  });
});

describe('orchestrator roles validate', () => {
  test('exit 0 and a line per file when all is well, including no files at all', () => {
    const empty = sandbox();
    const none = empty.run('roles', 'validate');
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('No role files in');

    const cli = sandbox({ 'data/roles/team.yaml': ENTRY('a') + ENTRY('b'), 'home/roles/custom.yaml': SEED });
    const ok = cli.run('roles', 'validate');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`✔ ${path.join('data', 'roles', 'team.yaml')}: project, 2 roles (a, b)`);
    expect(ok.stdout).toContain(`✔ ${path.join('home', 'roles', 'custom.yaml')}: user, 1 role (security_auditor)`);
  });

  test('exit 1 with every problem as file:line: message, for the folders or for the files named', () => {
    const cli = sandbox({
      'data/roles/good.yaml': ENTRY('fine'),
      'data/roles/bad.yaml': 'r:\n  role_definition: 1\n  expertise: text\n  approach: [a]\n  output_format: o\n  extra: x\n',
      'data/roles/later.yaml': ENTRY('fine'),
      'home/roles/empty.yaml': '',
      'elsewhere/bad-name.yaml': ENTRY('Bad Name'),
    });
    const all = cli.run('roles', 'validate');
    expect(all.code).toBe(1);
    const problems = all.stdout.split('\n').filter((line) => /^\S+:\d+: /.test(line));
    expect(problems).toEqual([
      `${path.join('data', 'roles', 'bad.yaml')}:2: r.role_definition: expected text, got a number`,
      `${path.join('data', 'roles', 'bad.yaml')}:3: r.expertise: expected a list of text items, got text`,
      `${path.join('data', 'roles', 'bad.yaml')}:6: r.extra: unknown key; expected one of role_definition, description, expertise, approach, output_format`,
      `${path.join('data', 'roles', 'later.yaml')}:1: role "fine" is already defined in ${path.join(cli.project, 'good.yaml')}:1; that definition is used and this one is ignored`,
      `${path.join('home', 'roles', 'empty.yaml')}:1: the file is empty; it holds no roles`,
    ]);
    expect(all.stdout).toContain(`✖ ${path.join('data', 'roles', 'bad.yaml')}: project, no roles, 3 problems`);

    const named = cli.json('roles', 'validate', 'elsewhere', 'data/roles/good.yaml', 'missing.yaml');
    expect(named.code).toBe(1);
    expect(named.body.ok).toBe(false);
    expect(named.body.files.map((file: { file: string; roles: string[] }) => [path.basename(file.file), file.roles])).toEqual([
      ['bad-name.yaml', []],
      ['good.yaml', ['fine']],
      ['missing.yaml', []],
    ]);
    expect(named.body.problems.map((problem: { file: string; line: number | null }) => [path.basename(problem.file), problem.line])).toEqual([
      ['bad-name.yaml', 1],
      ['missing.yaml', null],
    ]);
  });
});

describe('orchestrator roles init', () => {
  test('writes the commented example once; the folder still validates; a second run changes nothing', () => {
    const cli = sandbox();
    const first = cli.run('roles', 'init');
    expect(first.code).toBe(0);
    const file = path.join(cli.project, 'example.yaml');
    expect(first.stdout).toContain(`Wrote ${path.join('data', 'roles', 'example.yaml')}`);
    expect(readFileSync(file, 'utf8')).toContain('name: Security Auditor');
    expect(cli.run('roles', 'validate').code).toBe(0);
    expect(cli.json('roles', 'list').body.roles).toHaveLength(BUILT_IN_NAMES.length);

    writeFileSync(file, '# edited\n');
    const second = cli.json('roles', 'init');
    expect(second.code).toBe(0);
    expect(second.body).toEqual({ file, created: false });
    expect(readFileSync(file, 'utf8')).toBe('# edited\n');
  });
});
