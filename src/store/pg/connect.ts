import { hostname } from 'node:os';
import pg from 'pg';
import { OrchestratorError } from '../../errors.js';
import type { PgLocation } from './url.js';

/** How long connecting may take before the store gives up with the host and port in the message. */
const CONNECT_TIMEOUT_MS = 5_000;

/**
 * A small pool per process: every MCP client starts its own server, and a database has a limited number of
 * connections. Each connection works in the store's schema, names itself (so `pg_stat_activity` and lock waits
 * say which orchestrator process holds what), and has a transaction that a frozen process left open aborted by
 * the server after a while, so that its row locks are released.
 */
export function createPool(location: PgLocation, options: { max?: number; idleInTransactionMs?: number } = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: location.connectionString,
    max: options.max ?? 4,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: 10_000,
    application_name: applicationName(),
    options: `-c search_path=${location.schema} -c idle_in_transaction_session_timeout=${options.idleInTransactionMs ?? 30_000}`,
  });
  // An idle connection that the server or the network drops must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  // Nor one that drops between two queries of a client checked out: the next query fails with it anyway.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/**
 * A connection of its own, outside the pool (the one that LISTENs for commits): named and timed out as the pool's
 * are, so that doctor lists it with the others. Its errors are the caller's to notice (`end`).
 */
export function createClient(location: PgLocation): pg.Client {
  const client = new pg.Client({
    connectionString: location.connectionString,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    application_name: applicationName(),
    options: `-c search_path=${location.schema}`,
  });
  client.on('error', () => undefined);
  return client;
}

export function applicationName(): string {
  return `orchestrator ${process.pid}@${hostname()}`.slice(0, 63);
}

/** A connection the store could not make or lost: what is known, in words, without the password. */
export function connectionError(location: PgLocation, error: unknown): OrchestratorError {
  const where = `${location.host}:${location.port}`;
  const code = (error as { code?: string }).code;
  const message = (error as Error).message ?? String(error);
  if (code === '28P01' || code === '28000') {
    return new OrchestratorError(`PostgreSQL at ${where} refused the credentials of user "${location.user ?? 'unknown'}".`, {
      code: 'IO',
      hint: 'Check the user and password (in the URL, PGPASSWORD or ~/.pgpass); they are never printed here.',
      cause: error,
      details: { host: location.host, port: location.port, pgCode: code },
    });
  }
  if (code === '3D000') {
    return new OrchestratorError(`The database "${location.database}" does not exist on PostgreSQL at ${where}.`, {
      code: 'IO',
      hint: `Create it (createdb ${location.database}), or point the URL at the database to use.`,
      cause: error,
      details: { host: location.host, port: location.port, pgCode: code },
    });
  }
  if (code === '42501') {
    return new OrchestratorError(`User "${location.user ?? 'unknown'}" may not do this in the database at ${where}: ${message}.`, {
      code: 'FORBIDDEN',
      hint: 'docs/postgres.md lists the privileges the store needs.',
      cause: error,
      details: { host: location.host, port: location.port, pgCode: code },
    });
  }
  return new OrchestratorError(`Could not reach PostgreSQL at ${where}: ${describe(error)}.`, {
    code: 'IO',
    hint: 'Check that the server runs and that the URL (host, port) is right; nothing was changed.',
    cause: error,
    details: { host: location.host, port: location.port, ...(code && { errno: code }) },
  });
}

/** Errors that mean the connection is gone (the server restarted, the network dropped), not that a query was wrong. */
export function isConnectionLost(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  const message = (error as Error).message ?? '';
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN'].includes(code) ||
    code.startsWith('08') ||
    code === '57P01' ||
    code === '57P02' ||
    code === '57P03' ||
    // The server ended a session idle in a transaction, or idle: it rolled back what was open.
    code === '25P03' ||
    code === '57P05' ||
    /Connection terminated|connection timeout|timeout expired|Client has encountered a connection error|not queryable/i.test(message)
  );
}

function describe(error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = ((error as Error).message ?? String(error)).replace(/postgres(ql)?:\/\/\S+/gi, '(the URL)');
  if (/timeout/i.test(message)) return `no answer within ${CONNECT_TIMEOUT_MS / 1000} s`;
  return code && !message.includes(code) ? `${message} (${code})` : message;
}
