import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { artifactFile, readArtifact, removeArtifacts, writeArtifact } from '../../src/store/artifacts.js';
import { testdir } from '../helpers/testdir.js';

describe('artifacts', () => {
  test('are written under artifacts/<owner>/<id>.md and read back', () => {
    const dir = testdir();
    const stored = writeArtifact(dir, 't1', '# Work\n\nDétails', new Date('2026-01-01T00:00:00Z'));
    expect(stored.path).toBe(`artifacts/t1/${stored.id}.md`);
    expect(stored.bytes).toBe(Buffer.byteLength('# Work\n\nDétails'));
    expect(readFileSync(path.join(dir, stored.path), 'utf8')).toBe('# Work\n\nDétails');
    expect(readArtifact(dir, 't1', stored.id)).toBe('# Work\n\nDétails');
    expect(writeArtifact(dir, 't1', 'x').id).not.toBe(stored.id);
    removeArtifacts(dir, 't1');
    expect(() => readArtifact(dir, 't1', stored.id)).toThrow(/missing/);
  });

  test('names that could leave the folder are refused', () => {
    const dir = testdir();
    for (const owner of ['..', '../x', 'a/b', '', '.', 'x'.repeat(65)]) {
      expect(() => writeArtifact(dir, owner, 'x')).toThrow(/not a valid task id/);
    }
    for (const id of ['..', '../../store', 'a/b', '']) {
      expect(() => artifactFile(dir, 't1', id)).toThrow(/not a valid artifact id/);
    }
  });

  test('a symbolic link out of the artifacts folder is refused', () => {
    const dir = testdir();
    const outside = testdir();
    mkdirSync(path.join(dir, 'artifacts'), { recursive: true });
    symlinkSync(outside, path.join(dir, 'artifacts', 't9'));
    expect(() => writeArtifact(dir, 't9', 'x')).toThrow(/leads outside/);
  });
});
