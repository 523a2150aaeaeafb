import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isOrchestratorError } from '../../src/errors.js';
import { listRuns, runInstall, runUninstall } from '../../src/installer/index.js';
import { ChangedMeanwhile, readSnapshot, replaceIfUnchanged } from '../../src/installer/files.js';
import { json } from '../../src/installer/formats/json/entry-edit.js';
import { CONTEXT, testMachine, type TestMachine } from '../helpers/installer.js';
import { fixture, startNode, waitForOutput } from '../helpers/bin.js';
import { CLIENT_FIXTURES } from './client-fixtures.js';

const NAME = 'task-orchestrator';
const OURS = { command: CONTEXT.nodePath, args: [CONTEXT.binPath, 'serve'] };
const sha = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('another program writing the same file', () => {
  it('replaces a file only if it is still the version the edit was based on', () => {
    const machine = testMachine({ 'home/a.json': '{"a": 1}' });
    const file = path.join(machine.home, 'a.json');
    const base = readSnapshot(file);
    writeFileSync(file, '{"a": 2}');
    expect(() => replaceIfUnchanged(file, '{"ours": true}', base)).toThrow(ChangedMeanwhile);
    expect(readFileSync(file, 'utf8')).toBe('{"a": 2}');
    replaceIfUnchanged(file, '{"ours": true}', readSnapshot(file));
    expect(readFileSync(file, 'utf8')).toBe('{"ours": true}');
  });

  it("while a program keeps rewriting the config in place, never writes it without that program's servers", async () => {
    const machine: TestMachine = testMachine({ [CLIENT_FIXTURES.cursor.file]: CLIENT_FIXTURES.cursor.text });
    const file = path.join(machine.root, CLIENT_FIXTURES.cursor.file);
    const theirs = CLIENT_FIXTURES.cursor.text;
    const withOurs = json.set(theirs, ['mcpServers'], NAME, OURS, () => false).text;
    // Truncate, 3 ms empty, write, 15 ms pause: the file is empty about one read in six.
    const writer = startNode(fixture('rewrite-config.mjs'), [file, theirs, '3', '15']);
    await waitForOutput(writer, 'ready');
    const outcomes: string[] = [];
    for (let i = 0; i < 8; i++) {
      for (const run of [
        () =>
          runInstall(
            { clients: ['cursor'], scope: 'user', name: NAME, launcher: 'node', dryRun: false, verify: false },
            { env: machine.env, context: CONTEXT },
          ),
        () => runUninstall({ clients: ['cursor'], name: NAME, dryRun: false }, { env: machine.env, context: CONTEXT }),
      ]) {
        try {
          await run();
          outcomes.push('ok');
        } catch (error) {
          // The only failure allowed: the file kept changing, and the run stopped saying so.
          if (!isOrchestratorError(error) || error.code !== 'CONFLICT') throw error;
          outcomes.push('conflict');
        }
      }
    }
    writer.kill('SIGKILL');
    await writer.output;
    expect(outcomes).toContain('ok');
    // Every text written was theirs, or theirs with our entry; every backup held one of those, never an empty read.
    const allowed = new Set([sha(theirs), sha(withOurs)]);
    for (const run of listRuns(machine.env)) {
      for (const entry of run.entries) {
        if (run.status === 'complete') expect(allowed.has(entry.sha256After!), `run ${run.id} wrote something else`).toBe(true);
        const backup = readFileSync(path.join(machine.orchestratorHome, 'backups', run.id, entry.backup!), 'utf8');
        expect([theirs, withOurs]).toContain(backup);
      }
    }
  });
});

describe('backups are as private as what they copy', () => {
  it("keep the source file's mode, in 0700 folders, with a 0600 manifest", async () => {
    const machine = testMachine({ [CLIENT_FIXTURES.cline.file]: CLIENT_FIXTURES.cline.text });
    const file = path.join(machine.root, CLIENT_FIXTURES.cline.file);
    const { chmodSync } = await import('node:fs');
    chmodSync(file, 0o600);
    const report = await runInstall(
      { clients: ['cline'], scope: 'user', name: NAME, launcher: 'node', dryRun: false, verify: false },
      { env: machine.env, context: CONTEXT },
    );
    const manifest = JSON.parse(readFileSync(path.join(report.backupDir!, 'manifest.json'), 'utf8'));
    const mode = (p: string) => statSync(p).mode & 0o777;
    expect(mode(path.join(report.backupDir!, manifest.entries[0].backup))).toBe(0o600);
    expect(manifest.entries[0].mode).toBe(0o600);
    expect(mode(report.backupDir!)).toBe(0o700);
    expect(mode(path.dirname(report.backupDir!))).toBe(0o700);
    expect(mode(path.join(report.backupDir!, 'manifest.json'))).toBe(0o600);
    // The file itself keeps its mode too.
    expect(mode(file)).toBe(0o600);
  });
});
