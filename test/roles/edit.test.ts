import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import type { RoleFolder } from '../../src/roles/index.js';
import { EXAMPLE_ROLES_YAML } from '../../src/roles/example.js';
import { parseRoleFile } from '../../src/roles/parse-file.js';
import { removeRole, saveRole, writeExampleFile } from '../../src/roles/role-writes.js';
import { testdir } from '../helpers/testdir.js';

const lock = { staleMs: 2000, waitMs: 2000 };

function folder(files: Record<string, string> = {}): RoleFolder {
  const root = testdir(Object.fromEntries(Object.entries(files).map(([name, text]) => [`roles/${name}`, text])));
  return { source: 'project', dir: path.join(root, 'roles') };
}

const read = (dir: RoleFolder, name: string) => readFileSync(path.join(dir.dir, name), 'utf8');
const rolesOf = (dir: RoleFolder, name: string) => parseRoleFile(read(dir, name), name, 'project');

const FULL = {
  roleDefinition: 'You write release notes.',
  expertise: ['Changelogs'],
  approach: ['Read the merged changes', 'Group them'],
  outputFormat: 'Release notes in markdown.',
};

const COMMENTED = `# Team roles: keep this header.

# The data role.
data_engineer:
  role_definition: You build pipelines.   # keep me
  expertise: [ETL]
  approach: [Profile the data]
  output_format: A pipeline.

# About the writer, right above it.
writer:
  role_definition: You write.
  expertise:
    - Prose   # why prose
  approach: [Draft]
  output_format: Text.
# The end.
`;

describe('saveRole', () => {
  test('creates roles.yaml in a new folder with a role that loads', async () => {
    const dir = folder();
    const result = await saveRole({ folder: dir, name: 'release_writer', fields: FULL, lock });
    expect(result).toMatchObject({ action: 'added', fileCreated: true, file: path.join(dir.dir, 'roles.yaml') });
    const parsed = rolesOf(dir, 'roles.yaml');
    expect(parsed.problems).toEqual([]);
    expect(parsed.roles[0]).toMatchObject({ name: 'release_writer', ...FULL });
  });

  test('adds a role to a file without losing its comments or its other roles', async () => {
    const dir = folder({ 'roles.yaml': COMMENTED });
    const before = parse(COMMENTED) as Record<string, unknown>;
    const result = await saveRole({ folder: dir, name: 'release_writer', fields: { ...FULL, description: 'Writes release notes' }, lock });
    expect(result).toMatchObject({ action: 'added', fileCreated: false });
    const text = read(dir, 'roles.yaml');
    for (const comment of [
      '# Team roles: keep this header.',
      '# The data role.',
      '# keep me',
      '# About the writer, right above it.',
      '# why prose',
      '# The end.',
    ]) {
      expect(text).toContain(comment);
    }
    const after = parse(text) as Record<string, unknown>;
    expect(after.data_engineer).toEqual(before.data_engineer);
    expect(after.writer).toEqual(before.writer);
    expect(after.release_writer).toEqual({
      description: 'Writes release notes',
      role_definition: FULL.roleDefinition,
      expertise: FULL.expertise,
      approach: FULL.approach,
      output_format: FULL.outputFormat,
    });
    expect(text.indexOf('release_writer:')).toBeGreaterThan(text.indexOf('writer:'));
  });

  test('changes only the given fields of a role already in the folder, in its own file', async () => {
    const dir = folder({ 'a.yaml': COMMENTED, 'roles.yaml': '# other\n' });
    const result = await saveRole({ folder: dir, name: 'writer', fields: { outputFormat: 'Plain text, under 500 words.' }, lock });
    expect(result).toMatchObject({ action: 'updated', file: path.join(dir.dir, 'a.yaml') });
    expect(read(dir, 'roles.yaml')).toBe('# other\n');
    const text = read(dir, 'a.yaml');
    expect(text).toContain('# why prose');
    expect(text).toContain('# About the writer, right above it.');
    expect((parse(text) as Record<string, Record<string, unknown>>).writer).toEqual({
      role_definition: 'You write.',
      expertise: ['Prose'],
      approach: ['Draft'],
      output_format: 'Plain text, under 500 words.',
    });
  });

  test('updates a single-role file in its own format (prompts stay prompts)', async () => {
    const seed = 'name: "Security Auditor"\ndescription: Audits\nexpertise: [OWASP]\nprompts: [Focus on security]\n';
    const dir = folder({ 'custom_specialist.yaml': seed });
    await saveRole({ folder: dir, name: 'security_auditor', fields: { approach: ['Threat model first', 'Then review'] }, lock });
    expect(parse(read(dir, 'custom_specialist.yaml'))).toEqual({
      name: 'Security Auditor',
      description: 'Audits',
      expertise: ['OWASP'],
      prompts: ['Threat model first', 'Then review'],
    });
  });

  test('refuses to add a role to roles.yaml when it holds a single role', async () => {
    const seed = 'name: solo\ndescription: d\nexpertise: [e]\nprompts: [p]\n';
    const dir = folder({ 'roles.yaml': seed });
    await expect(saveRole({ folder: dir, name: 'other', fields: FULL, lock })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(read(dir, 'roles.yaml')).toBe(seed);
  });

  test('never edits a file that does not parse', async () => {
    const broken = 'x: [\n';
    const dir = folder({ 'roles.yaml': broken });
    await expect(saveRole({ folder: dir, name: 'other', fields: FULL, lock })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/roles\.yaml:\d+ does not parse/),
    });
    expect(read(dir, 'roles.yaml')).toBe(broken);
  });

  test('refuses a role that would not be valid, and writes nothing', async () => {
    const dir = folder();
    await expect(saveRole({ folder: dir, name: 'half', fields: { roleDefinition: 'Only this.' }, lock })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('half.expertise: is missing'),
    });
    expect(existsSync(path.join(dir.dir, 'roles.yaml'))).toBe(false);
  });
});

describe('removeRole', () => {
  test('removes the role and the comment right above it; keeps the header, the other roles and their comments', async () => {
    const dir = folder({ 'roles.yaml': COMMENTED });
    const removed = await removeRole({ folder: dir, name: 'data_engineer', lock });
    expect(removed).toEqual([{ file: path.join(dir.dir, 'roles.yaml'), fileDeleted: false }]);
    const text = read(dir, 'roles.yaml');
    expect(text).toContain('# Team roles: keep this header.');
    expect(text).not.toContain('# The data role.');
    expect(text).not.toContain('# keep me');
    expect(text).toContain('# About the writer, right above it.');
    expect(text).toContain('# The end.');
    expect(Object.keys(parse(text) as object)).toEqual(['writer']);
  });

  test('a file left with only comments stays (and loads as no roles); a file left with nothing is deleted', async () => {
    const dir = folder({
      'with-header.yaml': '# Header\n\nonly:\n  role_definition: d\n  expertise: [e]\n  approach: [a]\n  output_format: o\n',
      'bare.yaml': 'bare:\n  role_definition: d\n  expertise: [e]\n  approach: [a]\n  output_format: o\n',
    });
    expect(await removeRole({ folder: dir, name: 'only', lock })).toEqual([{ file: path.join(dir.dir, 'with-header.yaml'), fileDeleted: false }]);
    expect(read(dir, 'with-header.yaml')).toContain('# Header');
    expect(rolesOf(dir, 'with-header.yaml')).toMatchObject({ roles: [], problems: [] });
    expect(await removeRole({ folder: dir, name: 'bare', lock })).toEqual([{ file: path.join(dir.dir, 'bare.yaml'), fileDeleted: true }]);
    expect(existsSync(path.join(dir.dir, 'bare.yaml'))).toBe(false);
  });

  test('deletes a single-role file, removes broken definitions too, and every definition in the folder', async () => {
    const dir = folder({
      'a.yaml': 'dup:\n  role_definition: 5\n',
      'b.yaml':
        'dup:\n  role_definition: d\n  expertise: [e]\n  approach: [a]\n  output_format: o\nkeep:\n  role_definition: d\n  expertise: [e]\n  approach: [a]\n  output_format: o\n',
      'solo.yaml': 'name: Solo Act\ndescription: d\nexpertise: [e]\nprompts: [p]\n',
    });
    const removed = await removeRole({ folder: dir, name: 'dup', lock });
    expect(removed.map((entry) => [path.basename(entry.file), entry.fileDeleted])).toEqual([
      ['a.yaml', true],
      ['b.yaml', false],
    ]);
    expect(Object.keys(parse(read(dir, 'b.yaml')) as object)).toEqual(['keep']);
    expect(await removeRole({ folder: dir, name: 'solo_act', lock })).toEqual([{ file: path.join(dir.dir, 'solo.yaml'), fileDeleted: true }]);
    expect(await removeRole({ folder: dir, name: 'nothing', lock })).toEqual([]);
  });
});

describe('the example file', () => {
  test('is written once and never overwritten', async () => {
    const dir = folder();
    const first = await writeExampleFile(dir.dir);
    expect(first.created).toBe(true);
    expect(read(dir, 'example.yaml')).toBe(EXAMPLE_ROLES_YAML);
    writeFileSync(first.file, '# mine now\n');
    expect(await writeExampleFile(dir.dir)).toEqual({ file: first.file, created: false });
    expect(read(dir, 'example.yaml')).toBe('# mine now\n');
  });

  test('adds no role as written, and each format loads when uncommented', () => {
    expect(parseRoleFile(EXAMPLE_ROLES_YAML, 'example.yaml', 'project')).toMatchObject({ roles: [], problems: [] });
    const uncomment = (marker: string) =>
      EXAMPLE_ROLES_YAML.split('\n')
        .filter((line) => line.startsWith(marker))
        .map((line) => line.slice(marker.length))
        .join('\n');
    const format1 = parseRoleFile(uncomment('#| '), 'example.yaml', 'project');
    expect(format1.problems).toEqual([]);
    expect(format1.roles.map((role) => role.name)).toEqual(['performance_engineer']);
    const format2 = parseRoleFile(uncomment('#> '), 'security_auditor.yaml', 'project');
    expect(format2.problems).toEqual([]);
    expect(format2.roles[0]).toMatchObject({ name: 'security_auditor', displayName: 'Security Auditor' });
  });
});
