import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { isolatedEnv, repoRoot, startNode } from '../helpers/bin.js';
import { testdir } from '../helpers/testdir.js';

// The README's quick start runs this demo: it must keep working end to end.
describe('npm run demo', () => {
  test('plans, claims, completes and synthesizes a project over MCP, then lists it from the terminal', async () => {
    const dir = testdir();
    const { code, stdout, stderr } = await startNode(path.join(repoRoot, 'examples', 'demo.mjs'), [], { ...isolatedEnv(dir), TMPDIR: dir }).output;
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/plan t1, subtasks in dependency order: t2 → t3 → t5 → t4/);
    expect(stdout.match(/claimed t\d/g)).toHaveLength(4);
    expect(stdout).toContain('100% complete, 4 artifacts, 0 incomplete');
    expect(stdout).toMatch(/5 tasks · 5 completed/);
  });
});
