import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { binEnv, runBin } from '../helpers/bin.js';

describe('store errors in words', () => {
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
