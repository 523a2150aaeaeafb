import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { describeStoreError } from '../../src/core/index.js';
import { OrchestratorError } from '../../src/errors.js';
import { binEnv, runBin } from '../helpers/bin.js';
import { testdir } from '../helpers/testdir.js';

/** What the store raises when a write fails: an IO error with the system's code and the failed call as cause. */
function ioError(errno: string, file: string): OrchestratorError {
  const cause = Object.assign(new Error(`${errno}: failed, mkdir '${path.dirname(file)}'`), { code: errno, path: path.dirname(file) });
  return new OrchestratorError(`Could not write ${file}: ${cause.message}`, {
    code: 'IO',
    hint: `${file} is intact. Free disk space or make the data directory writable, then retry.`,
    cause,
    details: { errno },
  });
}

describe('store errors in words', () => {
  test('permission denied on a store that does not exist names the permission, not disk space, and calls nothing intact', () => {
    const file = path.join(testdir(), 'data', 'store.json');
    const described = describeStoreError(ioError('EACCES', file), file) as OrchestratorError;
    expect(described.message).toBe(`Permission denied: this user may not write ${path.dirname(file)}.`);
    expect(described.hint).not.toMatch(/intact|disk space/);
    expect(described.hint).toContain('--data-dir');
  });

  test('a full disk says so, and that an existing store was not changed', () => {
    const dir = testdir({ 'store.json': '{}' });
    const file = path.join(dir, 'store.json');
    const described = describeStoreError(ioError('ENOSPC', file), file) as OrchestratorError;
    expect(described.message).toMatch(/^The disk is full/);
    expect(described.hint).toBe(`Free disk space, then retry. ${file} was not changed.`);
  });

  test('a store that does not parse says where and what in words, from the terminal', () => {
    const { dataDir, env } = binEnv();
    runBin(['tasks', 'add', 'A'], env);
    writeFileSync(path.join(dataDir, 'store.json'), '{"schemaVersion": 1, oops}\n');
    const result = runBin(['tasks', 'list'], env);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/does not parse at line 1, column 22: unexpected character\. It was not changed\./);
    expect(result.stderr).not.toContain('InvalidSymbol');
  });
});
