import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, onTestFinished, test } from 'vitest';
import { binEnv, runBin } from '../helpers/bin.js';
import { postgresAdminUrl } from '../helpers/postgres.js';

/** Runs SQL as the cluster's superuser. */
async function admin(...statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: postgresAdminUrl() });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

/** The set-up docs/postgres.md gives a team: an owner of the tables, and agents that may only read and write rows. */
async function teamRoles() {
  const id = randomBytes(4).toString('hex');
  const [owner, agent, schema] = [`owner_${id}`, `agent_${id}`, `team_${id}`];
  await admin(
    `CREATE ROLE ${owner} LOGIN PASSWORD 'owner-pw'`,
    `CREATE ROLE ${agent} LOGIN PASSWORD 'agent-pw'`,
    `CREATE SCHEMA ${schema} AUTHORIZATION ${owner}`,
    `GRANT USAGE ON SCHEMA ${schema} TO ${agent}`,
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA ${schema} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${agent}`,
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA ${schema} GRANT USAGE ON SEQUENCES TO ${agent}`,
  );
  onTestFinished(() => admin(`DROP SCHEMA ${schema} CASCADE`, `DROP OWNED BY ${agent}`, `DROP ROLE ${agent}`, `DROP ROLE ${owner}`));
  const url = (user: string, password: string) => {
    const at = new URL(postgresAdminUrl());
    at.username = user;
    at.password = password;
    at.searchParams.set('schema', schema);
    return at.toString();
  };
  return { schema, ownerUrl: url(owner, 'owner-pw'), agentUrl: url(agent, 'agent-pw'), agent };
}

describe('a team database with a least-privilege role for agents', () => {
  test('the owner creates the tables with init; an agent role with row privileges only claims and completes', async () => {
    const { ownerUrl, agentUrl } = await teamRoles();
    const { env } = binEnv();
    const before = runBin(['--store', agentUrl, 'tasks', 'list', '--json'], env);
    expect(before.status, 'the agent may not create the tables').toBe(1);
    expect(JSON.parse(before.stdout).error.message).toMatch(/may not do this/);

    const init = runBin(['--store', ownerUrl, 'init', '--json'], env);
    expect(init.status, init.stderr).toBe(0);
    expect(JSON.parse(init.stdout)).toMatchObject({ backend: 'postgres', created: true, gitignore: null });

    for (const args of [
      ['tasks', 'add', 'Design the API', '--id', 'api'],
      ['tasks', 'next', '--worker', 'w1'],
      ['tasks', 'done', 'api', '--worker', 'w1', '--result', 'ok'],
    ]) {
      const step = runBin(['--store', agentUrl, ...args], env);
      expect(step.status, `${args.join(' ')}: ${step.stderr}`).toBe(0);
    }
    const listed = runBin(['--store', agentUrl, 'tasks', 'list', '--json'], env);
    expect(JSON.parse(listed.stdout).tasks).toEqual([expect.objectContaining({ id: 'api', status: 'completed', result: 'ok' })]);
    const doctor = runBin(['--store', agentUrl, 'doctor', '--json'], env);
    const results = JSON.parse(doctor.stdout).results as Array<{ id: string; status: string }>;
    expect(results.filter((result) => result.id.startsWith('database.')).map((result) => result.status)).toEqual(['ok', 'ok', 'ok']);
    expect(doctor.stdout).not.toContain('agent-pw');
  });

  test('a role without row privileges is told so, and nothing changes', async () => {
    const { ownerUrl, agentUrl, schema, agent } = await teamRoles();
    const { env } = binEnv();
    expect(runBin(['--store', ownerUrl, 'tasks', 'add', 'kept', '--id', 'kept'], env).status).toBe(0);
    await admin(`REVOKE INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} FROM ${agent}`);
    const refused = runBin(['--store', agentUrl, 'tasks', 'add', 'refused'], env);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(new RegExp(`User "${agent}" may not do this`));
    expect(refused.stderr).toContain('docs/postgres.md');
    const listed = runBin(['--store', ownerUrl, 'tasks', 'list', '--json'], env);
    expect(JSON.parse(listed.stdout).tasks.map((task: { id: string }) => task.id)).toEqual(['kept']);
  });
});
