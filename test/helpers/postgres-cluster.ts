import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A throwaway PostgreSQL cluster for the tests: initdb into a temporary folder, a postmaster on a free loopback
 * port, password authentication over TCP (so that wrong credentials can be tested), removed when stopped. As root,
 * the server runs as the `postgres` system user (PostgreSQL refuses to run as root).
 */
export interface PgCluster {
  /** The superuser's URL for the `postgres` database. */
  adminUrl: string;
  host: string;
  port: number;
  password: string;
  dataDir: string;
  stop(): Promise<void>;
  /** Stops the server and starts it again on the same port and data. */
  restart(options?: { downMs?: number }): Promise<void>;
}

const PASSWORD = 'orchestrator-test-password';

/** Where the server's programs are: PG_BIN, or the newest /usr/lib/postgresql/<version>/bin. */
export function postgresBin(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).filter((name) => existsSync(path.join(base, name, 'bin', 'postgres'))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) {
    throw new Error(
      'PostgreSQL is not installed, and the PostgreSQL suites need a real server: install it (Debian/Ubuntu: ' +
        '`apt-get install postgresql`), or set PG_BIN to the folder that holds initdb, pg_ctl and postgres.',
    );
  }
  return path.join(base, versions[0]!, 'bin');
}

export async function startCluster(): Promise<PgCluster> {
  const bin = postgresBin();
  const root = mkdtempSync(path.join(tmpdir(), 'orchestrator-pg-'));
  const dataDir = path.join(root, 'data');
  const socketDir = path.join(root, 'socket');
  const pwfile = path.join(root, 'pwfile');
  writeFileSync(pwfile, `${PASSWORD}\n`);
  execFileSync('mkdir', ['-p', socketDir]);
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? uidOf('postgres') : undefined;
  if (owner) for (const p of [root, socketDir, pwfile]) chownSync(p, owner.uid, owner.gid);
  run(asRoot, path.join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--pwfile', pwfile, '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--no-instructions']);
  const port = await freePort();
  const options = [
    `-c listen_addresses=127.0.0.1`,
    `-c port=${port}`,
    `-c unix_socket_directories=${socketDir}`,
    // Many serve processes each keep a few connections.
    `-c max_connections=400`,
    `-c shared_buffers=32MB`,
  ].join(' ');
  const start = () => run(asRoot, path.join(bin, 'pg_ctl'), ['-D', dataDir, '-o', options, '-l', path.join(root, 'server.log'), '-w', '-t', '60', 'start']);
  const stop = () => run(asRoot, path.join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', '-t', '60', 'stop']);
  start();
  const cluster: PgCluster = {
    adminUrl: `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`,
    host: '127.0.0.1',
    port,
    password: PASSWORD,
    dataDir,
    async stop() {
      try {
        stop();
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
    async restart(restartOptions = {}) {
      stop();
      await new Promise((resolve) => setTimeout(resolve, restartOptions.downMs ?? 0));
      start();
    },
  };
  return cluster;
}

function run(asRoot: boolean, command: string, args: string[]): void {
  const result = asRoot
    ? spawnSync('runuser', ['-u', 'postgres', '--', command, ...args], { encoding: 'utf8' })
    : spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${path.basename(command)} ${args.join(' ')} failed (${result.status}): ${result.stderr || result.stdout || result.error?.message}`);
  }
}

function uidOf(user: string): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
