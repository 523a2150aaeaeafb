import { createServer, type Socket } from 'node:net';
import { describe, expect, test } from 'vitest';
import { binEnv, runBin } from '../helpers/bin.js';
import { postgresAdminUrl } from '../helpers/postgres.js';

/** A loopback port that accepts connections and never answers: a server that hangs, or a dropped route. */
async function blackHole(): Promise<{ port: number; close: () => void }> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => void sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}

describe('bad situations get clear answers', () => {
  test('a server that does not answer fails within the connect timeout, naming host and port; nothing is written', async () => {
    const hole = await blackHole();
    try {
      const { env } = binEnv({ ORCHESTRATOR_STORE: `postgres://someone:s3cret-pw@127.0.0.1:${hole.port}/tasks` });
      const started = Date.now();
      const result = runBin(['tasks', 'add', 'never stored'], env);
      const took = Date.now() - started;
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`Could not reach PostgreSQL at 127\\.0\\.0\\.1:${hole.port}: no answer within 5 s`));
      expect(result.stderr).toMatch(/nothing was changed/i);
      // Bounded: the connect timeout, not the client's patience, ends it.
      expect(took).toBeLessThan(20_000);
      expect(result.stdout + result.stderr).not.toContain('s3cret-pw');
    } finally {
      hole.close();
    }
  });

  test('a closed port fails at once with host and port', () => {
    const { env } = binEnv({ ORCHESTRATOR_STORE: 'postgres://someone@127.0.0.1:9/tasks' });
    const result = runBin(['tasks', 'list', '--json'], env);
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout).error).toMatchObject({ code: 'IO', message: expect.stringMatching(/127\.0\.0\.1:9/) });
  });

  test('wrong credentials say so without echoing the password, in text, --json and doctor', () => {
    const url = new URL(postgresAdminUrl());
    url.password = 'not-the-password-x7';
    const { env } = binEnv({ ORCHESTRATOR_STORE: url.toString() });
    const text = runBin(['tasks', 'list'], env);
    expect(text.status).toBe(1);
    expect(text.stderr).toMatch(new RegExp(`PostgreSQL at 127\\.0\\.0\\.1:${url.port} refused the credentials of user "postgres"`));
    const json = runBin(['tasks', 'list', '--json'], env);
    expect(JSON.parse(json.stdout).error.message).toMatch(/refused the credentials/);
    const doctor = runBin(['doctor', '--json'], env);
    for (const output of [text, json, doctor]) expect(output.stdout + output.stderr).not.toContain('not-the-password-x7');
    expect(doctor.stdout).toContain('postgres://postgres:***@');
  });

  test('a URL that does not parse, or a --store that is not a URL, is bad usage', () => {
    const { env } = binEnv();
    const notUrl = runBin(['--store', '/some/folder', 'tasks', 'list'], env);
    expect(notUrl.status).toBe(2);
    expect(notUrl.stderr).toMatch(/--store takes a postgres:\/\/ URL/);
    const badSchema = runBin(['--store', 'postgres://u@127.0.0.1:5432/db?schema=Bad-Name', 'tasks', 'list'], env);
    expect(badSchema.status).toBe(2);
    expect(badSchema.stderr).toMatch(/schema "Bad-Name"/);
  });
});
