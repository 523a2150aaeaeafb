import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { resolveDataDir, resolveOrchestratorHome } from '../../src/store/index.js';
import { testdir } from '../helpers/testdir.js';

describe('resolveDataDir', () => {
  test('the flag wins over everything, then the environment', () => {
    const root = testdir({ 'proj/.git/HEAD': '', 'proj/.task_orchestrator/store.json': '{}' });
    const cwd = path.join(root, 'proj');
    const env = { ORCHESTRATOR_DATA_DIR: 'from-env' };
    expect(resolveDataDir({ flag: 'flagged', env, cwd, home: root })).toMatchObject({ dir: path.join(cwd, 'flagged'), source: 'flag' });
    expect(resolveDataDir({ env, cwd, home: root })).toMatchObject({ dir: path.join(cwd, 'from-env'), source: 'env' });
  });

  test('the nearest existing .task_orchestrator above the working directory comes next', () => {
    const root = testdir({ 'mono/.task_orchestrator/.keep': '', 'mono/pkg/package.json': '{}', 'mono/pkg/src/x.ts': '' });
    const result = resolveDataDir({ env: {}, cwd: path.join(root, 'mono/pkg/src'), home: path.join(root, 'home') });
    expect(result).toMatchObject({ dir: path.join(root, 'mono/.task_orchestrator'), source: 'existing' });
  });

  test('otherwise the project root, found by its markers', () => {
    for (const marker of ['.git/HEAD', 'package.json', 'pyproject.toml', 'Cargo.toml', 'go.mod']) {
      const root = testdir({ [`app/${marker}`]: '', 'app/deep/er/.keep': '' });
      const result = resolveDataDir({ env: {}, cwd: path.join(root, 'app/deep/er'), home: path.join(root, 'home') });
      expect(result).toMatchObject({ dir: path.join(root, 'app/.task_orchestrator'), source: 'project-root' });
    }
  });

  test('the home directory store does not capture projects below the home directory', () => {
    const home = testdir({ '.task_orchestrator/store.json': '{}', 'code/app/package.json': '{}' });
    const result = resolveDataDir({ env: {}, cwd: path.join(home, 'code/app'), home });
    expect(result).toMatchObject({ dir: path.join(home, 'code/app/.task_orchestrator'), source: 'project-root' });
  });

  test('falls back to ~/.task_orchestrator, e.g. when a client starts the server in /', () => {
    const home = testdir();
    expect(resolveDataDir({ env: {}, cwd: '/', home })).toMatchObject({ dir: path.join(home, '.task_orchestrator'), source: 'home' });
  });

  test('ORCHESTRATOR_HOME defaults to ~/.task_orchestrator', () => {
    expect(resolveOrchestratorHome({}, '/h')).toBe(path.join('/h', '.task_orchestrator'));
    expect(resolveOrchestratorHome({ ORCHESTRATOR_HOME: '/elsewhere' }, '/h')).toBe('/elsewhere');
  });
});
