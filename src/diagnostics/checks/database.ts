import { PgDocumentStore } from '../../store/index.js';
import type { Check, CheckResult } from '../types.js';

/** An orchestrator transaction open this long holds row locks others may wait for: worth a look. */
const LONG_TRANSACTION_MS = 10_000;

/**
 * The database behind a PostgreSQL store (`--store`, ORCHESTRATOR_STORE): reachable, which server, the tables'
 * version, a round trip, and the orchestrator sessions connected to it, with any that keeps a transaction open
 * (a frozen process: the server aborts it after idle_in_transaction_session_timeout). Nothing for a file store,
 * whose locks the locks check looks at.
 */
export const databaseCheck: Check = {
  id: 'database',
  title: 'Database',
  appliesTo: (context) => context.service.store instanceof PgDocumentStore,
  async run(context) {
    const { store } = context.service;
    if (!(store instanceof PgDocumentStore)) return [];
    let description;
    try {
      description = await store.describe();
    } catch (error) {
      const failure = error as { message?: string; hint?: string };
      return [
        {
          id: 'database.connect',
          title: 'Connection',
          status: 'fail',
          message: failure.message ?? String(error),
          ...(failure.hint && { fix: failure.hint }),
          details: { location: store.location },
        },
      ];
    }
    const results: CheckResult[] = [
      {
        id: 'database.connect',
        title: 'Connection',
        status: 'ok',
        message: `PostgreSQL ${description.serverVersion} at ${description.host}:${description.port}, database ${description.database}, schema ${description.schema}, as ${description.user}; round trip ${description.roundTripMs.toFixed(1)} ms`,
        details: { ...description, sessions: undefined },
      },
      {
        id: 'database.tables',
        title: 'Tables',
        status: 'ok',
        message: `version ${description.tablesVersion} (this orchestrator writes ${description.supportedTablesVersion})`,
        details: { version: description.tablesVersion, supported: description.supportedTablesVersion },
      },
    ];
    const open = description.sessions.filter((session) => (session.transactionMs ?? 0) > LONG_TRANSACTION_MS);
    const who = (session: (typeof description.sessions)[number]) =>
      `${session.application}${session.client ? ` from ${session.client}` : ''} (backend pid ${session.pid})`;
    results.push(
      open.length > 0
        ? {
            id: 'database.sessions',
            title: 'Sessions',
            status: 'warn',
            message: `${open.length} of ${description.sessions.length} orchestrator session(s) keep a transaction open: ${open.map((session) => `${who(session)} for ${Math.round(session.transactionMs! / 1000)} s`).join('; ')}`,
            fix: 'A process stopped in the middle of a change holds its rows; resume or end it. The server aborts such a transaction after 30 s.',
            details: { sessions: description.sessions },
          }
        : {
            id: 'database.sessions',
            title: 'Sessions',
            status: 'ok',
            message: `${description.sessions.length} other orchestrator session(s) connected, none in the middle of a change for long`,
            details: { sessions: description.sessions },
          },
    );
    return results;
  },
};
