import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { binEnv, binPath, runBin } from '../helpers/bin.js';

// Root ignores permissions, so as root the command runs as an unprivileged user instead.
const asRoot = process.getuid?.() === 0;
const NOBODY = 65534;

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

  test.skipIf(process.platform === 'win32')(
    'permission denied on a store that does not exist yet says so, and nothing of disk space or an intact store',
    () => {
      const { root, env } = binEnv({ PATH: process.env.PATH ?? '' });
      chmodSync(root, 0o755);
      const locked = path.join(root, 'locked');
      mkdirSync(locked, { mode: 0o555 });
      const result = spawnSync(process.execPath, [binPath, 'tasks', 'add', 'x'], {
        env: { ...env, ORCHESTRATOR_DATA_DIR: path.join(locked, 'data') },
        cwd: root,
        encoding: 'utf8',
        ...(asRoot && { uid: NOBODY, gid: NOBODY }),
      });
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/permission denied/i);
      expect(result.stderr).not.toMatch(/disk space|intact|Internal error/);
    },
  );
});
