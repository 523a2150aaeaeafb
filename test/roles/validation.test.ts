import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { BUILT_IN_ROLES, loadRoles } from '../../src/roles/index.js';
import { parseRoleFile } from '../../src/roles/parse-file.js';
import { MAX_ROLE_FILE_BYTES } from '../../src/roles/role-files.js';
import { testdir } from '../helpers/testdir.js';

const FILE = '/roles/test.yaml';

/** The problems of one file as [line, message] pairs, and the names of the roles that loaded. */
function check(text: string, file = FILE) {
  const parsed = parseRoleFile(text, file, 'project');
  return { problems: parsed.problems.map((problem) => [problem.line, problem.message]), roles: parsed.roles.map((role) => role.name), parsed };
}

const GOOD = `good:
  role_definition: A good role.
  expertise: [one]
  approach: [two]
  output_format: three
`;

describe('role file problems carry the line and say what is wrong', () => {
  test("YAML that does not parse: the parser's message at its line, and no roles from that file", () => {
    expect(check(`${GOOD}bad:\n\trole_definition: x\n`)).toMatchObject({ roles: [], problems: [[7, 'Tabs are not allowed as indentation']] });
    expect(check(`${GOOD}bad:\n  expertise: [x\n  approach: [y]\n`).problems).toEqual([
      [8, 'Flow sequence in block collection must be sufficiently indented and end with a ]'],
    ]);
    // An unclosed quote is noticed where the file ends.
    expect(check(`${GOOD}bad:\n  role_definition: "unclosed\n  expertise: [x]\n`).problems).toEqual([[9, 'Missing closing "quote']]);
  });

  test('a key given twice', () => {
    expect(check(`${GOOD}good:\n  role_definition: again\n`).problems).toEqual([[6, 'Map keys must be unique']]);
  });

  test('several documents in one file', () => {
    expect(check(`${GOOD}---\n${GOOD}`).problems[0]).toEqual([6, expect.stringMatching(/multiple documents/)]);
  });

  test('wrong types: at the line of the value, with what was expected and what was found', () => {
    const text = `r:
  role_definition: [not, text]
  expertise: just text
  approach:
    - fine
    - 42
  output_format: {a: b}
`;
    expect(check(text).problems).toEqual([
      [2, 'r.role_definition: expected text, got a list'],
      [3, 'r.expertise: expected a list of text items, got text'],
      [6, 'r.approach[1]: expected text, got a number'],
      [7, 'r.output_format: expected text, got a mapping'],
    ]);
  });

  test('missing, empty and empty-list values', () => {
    const text = `r:
  role_definition: "   "
  expertise: []
  approach:
`;
    expect(check(text).problems).toEqual([
      [2, 'r.role_definition: is empty'],
      [3, 'r.expertise: needs at least one item'],
      [4, 'r.approach: expected a list of text items, got nothing'],
      [1, 'r.output_format: is missing'],
    ]);
  });

  test('a role that is not a mapping', () => {
    expect(check('r: just a sentence\n').problems).toEqual([
      [1, 'r: expected a mapping with role_definition, expertise, approach and output_format, got text'],
    ]);
  });

  test("unknown keys are refused, at the key's line, with the keys that are allowed", () => {
    const text = GOOD.replace('good:', 'r:') + '  expertize: [typo]\n';
    expect(check(text).problems).toEqual([
      [6, 'r.expertize: unknown key; expected one of role_definition, description, expertise, approach, output_format'],
    ]);
  });

  test('bad role names, with a suggestion', () => {
    const text = GOOD.replace('good:', 'Security Auditor:') + GOOD.replace('good:', 'true:');
    const { problems, roles } = check(text);
    expect(roles).toEqual([]);
    expect(problems).toEqual([
      [
        1,
        '"Security Auditor" is not a valid role name: role names are 1-64 lowercase letters, digits, "_" and "-", starting with a letter or digit; rename it to "security_auditor"',
      ],
      [6, 'a role name must be plain text'],
    ]);
  });

  test('an empty file, an empty mapping, and a list instead of a mapping', () => {
    expect(check('').problems).toEqual([[1, 'the file is empty; it holds no roles']]);
    expect(check('  \n\n').problems).toEqual([[1, 'the file is empty; it holds no roles']]);
    expect(check('{}\n').problems).toEqual([[1, 'the file holds no roles']]);
    expect(check('# about\n- a\n- b\n').problems).toEqual([[2, 'expected role names mapped to roles, or one role with "name:", got a list']]);
  });

  test('single-role files: prompts missing, prompts and approach both, unknown keys, wrong name type', () => {
    expect(check('name: x\ndescription: d\nexpertise: [e]\n').problems).toEqual([[1, 'prompts is missing (the steps the specialist follows)']]);
    expect(check('name: x\ndescription: d\nexpertise: [e]\nprompts: [p]\napproach: [a]\n').problems).toEqual([
      [5, 'give either prompts or approach, not both: they are the same list'],
    ]);
    expect(check('name: x\ndescription: d\nexpertise: [e]\nprompts: [p]\nrole: admin\n').problems).toEqual([
      [5, 'role: unknown key; expected one of name, description, expertise, prompts, approach, role_definition, output_format'],
    ]);
    expect(check('name: 7\ndescription: d\nexpertise: [e]\nprompts: [p]\n').problems).toEqual([[1, 'name: expected text, got a number']]);
    expect(check('name: x\nexpertise: [e]\nprompts: [p]\n').problems).toEqual([[1, 'description: is missing']]);
  });

  test('a single-role name with no usable letters falls back to the file name', () => {
    const { roles, problems } = check('name: "日本語"\ndescription: d\nexpertise: [e]\nprompts: [p]\n', '/roles/Translator.yaml');
    expect(problems).toEqual([]);
    expect(roles).toEqual(['translator']);
  });

  test('every problem is listed, and the valid roles of the same file still load', () => {
    const text = `${GOOD}broken:\n  role_definition: 5\n  expertise: [x]\n  approach: [y]\n  output_format: z\nBad Name:\n  role_definition: fine\n  expertise: [x]\n  approach: [y]\n  output_format: z\n`;
    const { problems, roles, parsed } = check(text);
    expect(roles).toEqual(['good']);
    expect(problems).toEqual([
      [7, 'broken.role_definition: expected text, got a number'],
      [
        11,
        '"Bad Name" is not a valid role name: role names are 1-64 lowercase letters, digits, "_" and "-", starting with a letter or digit; rename it to "bad_name"',
      ],
    ]);
    expect(parsed.problems.map((problem) => problem.role)).toEqual(['broken', 'Bad Name']);
  });
});

describe('a bad file never stops the others', () => {
  test('loading reports every bad file and keeps every good role; it never throws', async () => {
    const root = testdir({
      'data/roles/a-good.yaml': GOOD,
      'data/roles/b-bad-yaml.yaml': 'x: [\n',
      'data/roles/c-bad-type.yaml': 'y:\n  role_definition: 1\n',
      'data/roles/d-empty.yaml': '',
      'home/roles/e-user.yaml': GOOD.replace('good:', 'user_role:'),
    });
    mkdirSync(path.join(root, 'data/roles/f-folder.yaml'));
    writeFileSync(path.join(root, 'data/roles/g-huge.yaml'), `# ${'x'.repeat(MAX_ROLE_FILE_BYTES)}\n`);
    const catalog = await loadRoles({ dataDir: path.join(root, 'data'), home: path.join(root, 'home') });
    expect(catalog.names()).toEqual([...BUILT_IN_ROLES.map((role) => role.name), 'good', 'user_role'].sort());
    const byFile = catalog.problems.map((problem) => path.basename(problem.file));
    expect(new Set(byFile)).toEqual(new Set(['b-bad-yaml.yaml', 'c-bad-type.yaml', 'd-empty.yaml', 'f-folder.yaml', 'g-huge.yaml']));
    expect(catalog.problems.find((problem) => problem.file.endsWith('f-folder.yaml'))?.message).toBe('is a folder, not a role file');
    expect(catalog.problems.find((problem) => problem.file.endsWith('g-huge.yaml'))?.message).toMatch(/limited to 1048576/);
    for (const problem of catalog.problems) expect(problem.source).toBe('project');
  });

  test('a roles path that is a file, not a folder, means no roles rather than an error', async () => {
    const root = testdir({ 'data/roles': 'not a folder' });
    const catalog = await loadRoles({ dataDir: path.join(root, 'data'), home: path.join(root, 'home') });
    expect(catalog.problems).toEqual([]);
    expect(catalog.names()).toHaveLength(BUILT_IN_ROLES.length);
  });
});

describe('role names', () => {
  test('a name may not start with "-" (it would read as an option) or "_"', async () => {
    const { isValidRoleName } = await import('../../src/roles/index.js');
    expect(isValidRoleName('-rm')).toBe(false);
    expect(isValidRoleName('_private')).toBe(false);
    expect(isValidRoleName('qa-lead_2')).toBe(true);
  });
});
