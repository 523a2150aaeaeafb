import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { onPostgres } from '../helpers/backend.js';
import { mcpHarness } from '../helpers/mcp.js';

/** A folder of the test directory, with `markers` (files or folders named like .git) in it. */
function folder(dir: string, name: string, markers: string[] = []): string {
  const at = path.join(dir, name);
  mkdirSync(at, { recursive: true });
  for (const marker of markers) mkdirSync(path.join(at, marker), { recursive: true });
  return at;
}

describe('which store a session works on', () => {
  test('project_root wins over --data-dir; the answer and the health check say which rule chose the store and why', async () => {
    const h = await mcpHarness();
    const project = folder(h.dir, 'project', ['.git']);
    const session = await h.ok('orchestrator_initialize_session', { project_root: project });
    expect(session).toMatchObject({ dataDir: path.join(project, '.task_orchestrator'), storeRule: 'project_root', projectRoot: project });
    expect(session.storeReason).toBe(`project_root ${project}: project root ${project} (has .git)`);
    expect(session.text).toContain(`Store: ${h.connection.storeDescription} (project_root ${project}`);
    await h.ok('orchestrator_plan_task', { description: 'Here', subtasks: [{ title: 'a', description: 'a', specialist_type: 'tester' }] });
    if (onPostgres) {
      // The tasks stay in the database; the data directory still holds the project's role files.
      expect(h.connection.storeDescription).toBe(
        `${h.connection.service.store.location} (PostgreSQL; data directory ${path.join(project, '.task_orchestrator')})`,
      );
    } else {
      expect(h.connection.storeDescription).toBe(path.join(project, '.task_orchestrator'));
      expect(existsSync(path.join(project, '.task_orchestrator', 'store.json'))).toBe(true);
      expect(existsSync(path.join(h.dataDir, 'store.json'))).toBe(false);
    }
    const health = await h.ok('orchestrator_health_check');
    expect(health).toMatchObject({ dataDir: path.join(project, '.task_orchestrator'), storeRule: 'project_root' });
    expect(health.text).toContain(`Store: ${h.connection.storeDescription}, chosen by project_root: project_root `);
  });

  test('a project_root without a store or a marker above it gets its own store', async () => {
    const h = await mcpHarness();
    const bare = folder(h.dir, 'bare');
    const session = await h.ok('orchestrator_initialize_session', { project_root: bare });
    expect(session).toMatchObject({ dataDir: path.join(bare, '.task_orchestrator'), storeRule: 'project_root' });
    expect(session.storeReason).toMatch(/no store or project marker above it/);
  });

  test("without project_root, the first of the client's roots that holds a store or a project chooses it", async () => {
    let asked = 0;
    const dir = (await mcpHarness()).dir;
    const notes = folder(dir, 'notes');
    const app = folder(dir, 'app', ['.task_orchestrator']);
    const other = folder(dir, 'other', ['.git']);
    let roots = [notes, app, other];
    const h = await mcpHarness({
      dir,
      capabilities: { roots: { listChanged: true } },
      setup: (client) =>
        client.setRequestHandler('roots/list', () => {
          asked++;
          return { roots: roots.map((root) => ({ uri: pathToFileURL(root).href, name: path.basename(root) })) };
        }),
    });
    const session = await h.ok('orchestrator_initialize_session');
    expect(session).toMatchObject({ dataDir: path.join(app, '.task_orchestrator'), storeRule: 'roots', projectRoot: app });
    expect(session.storeReason).toBe(`the client's root ${app}: found an existing .task_orchestrator in ${app}`);
    await h.ok('orchestrator_health_check');
    expect(asked).toBe(1);
    // When the client says its roots changed, they are asked again.
    roots = [other];
    await h.client.sendRootsListChanged();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await h.ok('orchestrator_health_check')).dataDir).toBe(path.join(other, '.task_orchestrator'));
    expect(asked).toBe(2);
    // The session's project_root still wins over roots.
    const project = folder(dir, 'chosen', ['.git']);
    expect((await h.ok('orchestrator_initialize_session', { project_root: project })).storeRule).toBe('project_root');
  });

  test('roots without a project fall through to --data-dir, then ORCHESTRATOR_DATA_DIR, then the working directory', async () => {
    const dir = (await mcpHarness()).dir;
    const plain = folder(dir, 'plain');
    const withRoots = {
      capabilities: { roots: {} },
      setup: (client: import('@modelcontextprotocol/client').Client) =>
        client.setRequestHandler('roots/list', () => ({ roots: [{ uri: pathToFileURL(plain).href }] })),
    };
    const flagged = await mcpHarness({ dir, ...withRoots });
    const byFlag = await flagged.ok('orchestrator_initialize_session');
    expect(byFlag).toMatchObject({ dataDir: flagged.dataDir, storeRule: 'data_dir_flag' });
    expect(byFlag.storeReason).toBe('given with --data-dir (no client root holds a store or a project)');
    const byEnv = await mcpHarness({ dir, noDataDir: true, env: { ORCHESTRATOR_DATA_DIR: path.join(dir, 'from-env') }, ...withRoots });
    expect(await byEnv.ok('orchestrator_initialize_session')).toMatchObject({ dataDir: path.join(dir, 'from-env'), storeRule: 'env' });
    const byCwd = await mcpHarness({ dir, noDataDir: true });
    const session = await byCwd.ok('orchestrator_initialize_session');
    expect(session.storeRule).toBe('working_directory');
    expect(session.storeReason).toMatch(/^the server's working directory /);
  });
});
