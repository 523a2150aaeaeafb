import { OrchestratorError } from '../../errors.js';

/** A PostgreSQL store location, as given with `--store` or ORCHESTRATOR_STORE. */
export interface PgLocation {
  /** The URL handed to the driver (without our own `schema` parameter). */
  connectionString: string;
  /** The URL with its password replaced, for every message, log and --json answer. */
  display: string;
  host: string;
  port: number;
  database: string;
  user: string | undefined;
  /** The schema (namespace) the store's tables live in; `public` unless the URL says `?schema=`. */
  schema: string;
}

export function isPgUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

const SCHEMA = /^[a-z_][a-z0-9_]{0,62}$/;

/** Parses a postgres:// URL; TLS settings (sslmode, sslrootcert, ...) stay in it for the driver. */
export function parsePgUrl(location: string): PgLocation {
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    throw new OrchestratorError(`${redactUrl(location)} is not a valid database URL.`, {
      code: 'USAGE',
      hint: 'Write it as postgres://user@host:5432/database (the password may come from PGPASSWORD or ~/.pgpass).',
    });
  }
  const schema = url.searchParams.get('schema') ?? 'public';
  if (!SCHEMA.test(schema)) {
    throw new OrchestratorError(`The schema "${schema}" in ${redactUrl(location)} is not a plain name.`, {
      code: 'USAGE',
      hint: 'Use lowercase letters, digits and "_", starting with a letter.',
    });
  }
  url.searchParams.delete('schema');
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || process.env.PGDATABASE || 'postgres';
  return {
    connectionString: url.toString(),
    display: redactUrl(location),
    host: url.hostname || process.env.PGHOST || 'localhost',
    port: Number(url.port || process.env.PGPORT || 5432),
    database,
    user: url.username ? decodeURIComponent(url.username) : process.env.PGUSER,
    schema,
  };
}

/** The URL with any password replaced by `***`: what may be printed, logged or written to --json. */
export function redactUrl(location: string): string {
  return location.replace(/^(postgres(?:ql)?:\/\/[^:/@]*):[^@]*@/i, '$1:***@').replace(/([?&]password=)[^&]*/gi, '$1***');
}

/** Text (a diff, a config entry) with the password of every postgres:// URL in it replaced by `***`. */
export function redactUrlsIn(text: string): string {
  return text.replace(/\bpostgres(?:ql)?:\/\/[^\s"'`<>]+/gi, (url) => redactUrl(url));
}
