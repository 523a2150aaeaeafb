// A throwaway PostgreSQL cluster for the tests and the benchmarks: initdb into a temporary folder, a postmaster on a
// free loopback port, password authentication over TCP (so that wrong credentials can be tested), removed when
// stopped. As root, the server runs as the `postgres` system user (PostgreSQL refuses to run as root).
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const PASSWORD = 'orchestrator-test-password';

/** Where the server's programs are: PG_BIN, or the newest /usr/lib/postgresql/<version>/bin. */
export function postgresBin() {
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
  return path.join(base, versions[0], 'bin');
}

export async function startCluster() {
  const bin = postgresBin();
  const root = mkdtempSync(path.join(tmpdir(), 'orchestrator-pg-'));
  const dataDir = path.join(root, 'data');
  const socketDir = path.join(root, 'socket');
  const pwfile = path.join(root, 'pwfile');
  writeFileSync(pwfile, `${PASSWORD}\n`);
  mkdirSync(socketDir);
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    for (const p of [root, socketDir, pwfile]) chownSync(p, uid, gid);
  }
  run(asRoot, path.join(bin, 'initdb'), [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '--pwfile',
    pwfile,
    '--auth-local=trust',
    '--auth-host=scram-sha-256',
    '-E',
    'UTF8',
    '--no-instructions',
  ]);
  const port = await freePort();
  // Many serve processes each keep a few connections.
  const options = `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${socketDir} -c max_connections=400 -c shared_buffers=32MB`;
  const start = () =>
    run(asRoot, path.join(bin, 'pg_ctl'), ['-D', dataDir, '-o', options, '-l', path.join(root, 'server.log'), '-w', '-t', '60', 'start']);
  const stop = () => run(asRoot, path.join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', '-t', '60', 'stop']);
  start();
  return {
    /** The superuser's URL for the `postgres` database. */
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
    /** Stops the server and starts it again on the same port and data. */
    async restart({ downMs = 0 } = {}) {
      stop();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      start();
    },
  };
}

function run(asRoot, command, args) {
  const result = asRoot
    ? spawnSync('runuser', ['-u', 'postgres', '--', command, ...args], { encoding: 'utf8' })
    : spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(
      `${path.basename(command)} ${args.join(' ')} failed (${result.status}): ${result.stderr || result.stdout || result.error?.message}`,
    );
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
