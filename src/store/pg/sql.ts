/**
 * Every SQL statement of the PostgreSQL store, in one place. Values always travel as parameters; the only names
 * put into statement text are the schema (checked to be a plain identifier when the URL is read) and the fixed
 * names below.
 *
 * Tables (in the store's schema):
 *   orchestrator_meta        one row: the tables' schema version, the document's revision and header
 *   orchestrator_entries     one row per entry of the document: collection, key, JSON value, revision that wrote it
 *   orchestrator_tombstones  collection, key and revision of each removed entry, so readers learn of removals
 *   orchestrator_events      the history: one row per event, with the revision of its change
 *   orchestrator_archive     records moved out of the document (archived tasks)
 *   orchestrator_event_archive  events moved out of the history by `db optimize`
 *   orchestrator_artifacts   artifact text, by owner (task) and id
 *   orchestrator_commits     one row per commit, named by the committing process: how a commit whose answer
 *                            was lost with the connection is found again (applied or not)
 */

/** The tables' schema version this binary writes; older ones are migrated forward, newer ones refused. */
export const TABLES_VERSION = 2;

/** Numbered steps: `TABLE_STEPS[n]` takes the tables from version n to n + 1. */
export const TABLE_STEPS: Record<number, string[]> = {
  0: [
    `CREATE TABLE orchestrator_meta (
       id int PRIMARY KEY DEFAULT 1 CHECK (id = 1),
       tables_version int NOT NULL,
       revision bigint NOT NULL,
       header json NOT NULL)`,
    `CREATE TABLE orchestrator_entries (
       collection text NOT NULL,
       key text NOT NULL,
       value json NOT NULL,
       rev bigint NOT NULL,
       PRIMARY KEY (collection, key))`,
    `CREATE INDEX orchestrator_entries_rev ON orchestrator_entries (rev)`,
    `CREATE TABLE orchestrator_tombstones (
       collection text NOT NULL,
       key text NOT NULL,
       rev bigint NOT NULL,
       PRIMARY KEY (collection, key))`,
    `CREATE INDEX orchestrator_tombstones_rev ON orchestrator_tombstones (rev)`,
    `CREATE TABLE orchestrator_events (id bigserial PRIMARY KEY, rev bigint NOT NULL, event json NOT NULL)`,
    `CREATE INDEX orchestrator_events_rev ON orchestrator_events (rev)`,
    `CREATE TABLE orchestrator_archive (id bigserial PRIMARY KEY, record json NOT NULL)`,
    `CREATE TABLE orchestrator_event_archive (id bigserial PRIMARY KEY, archived_on date NOT NULL, rev bigint NOT NULL, event json NOT NULL)`,
    `CREATE TABLE orchestrator_artifacts (
       owner text NOT NULL,
       id text NOT NULL,
       content text NOT NULL,
       created_at timestamptz NOT NULL,
       PRIMARY KEY (owner, id))`,
  ],
  1: [`CREATE TABLE orchestrator_commits (token text PRIMARY KEY, rev bigint NOT NULL, committed_at timestamptz NOT NULL DEFAULT now())`],
};

/** The tables a migration copies before it changes anything (`orchestrator_backup_v<n>_<table>`). */
export const BACKED_UP_TABLES = [
  'orchestrator_meta',
  'orchestrator_entries',
  'orchestrator_events',
  'orchestrator_archive',
  'orchestrator_artifacts',
];

/** Serialises creating and migrating the tables between processes that open the store at once. */
const SCHEMA_LOCK_KEY = 7_242_190_001;

export const NOTIFY_CHANNEL = 'orchestrator_changes';

export const sql = {
  metaExists: `SELECT to_regclass('orchestrator_meta') IS NOT NULL AS exists`,
  schemaExists: `SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) AS exists`,
  tablesVersion: `SELECT tables_version FROM orchestrator_meta`,
  insertMeta: `INSERT INTO orchestrator_meta (tables_version, revision, header) VALUES ($1, 0, $2::json)`,
  setTablesVersion: `UPDATE orchestrator_meta SET tables_version = $1`,
  schemaLock: `SELECT pg_advisory_xact_lock(${SCHEMA_LOCK_KEY})`,

  /** The whole document, in one snapshot (run in a REPEATABLE READ transaction with `loadEntries`). */
  loadMeta: `SELECT revision, header FROM orchestrator_meta`,
  loadEntries: `SELECT collection, key, value, rev FROM orchestrator_entries ORDER BY rev, collection, key`,
  /**
   * What changed after revision $1, in one statement (one snapshot): the meta row, then the entries written and
   * removed, in revision order. Revisions are given out in commit order (see `commit`), so nothing committed at
   * or below the revision read can still be missing.
   */
  changesSince: `
    WITH m AS (SELECT revision, header FROM orchestrator_meta)
    SELECT 'meta' AS kind, NULL AS collection, NULL AS key, (SELECT header FROM m) AS value, (SELECT revision FROM m) AS rev
    UNION ALL
    SELECT 'set', e.collection, e.key, e.value, e.rev FROM orchestrator_entries e WHERE e.rev > $1 AND e.rev <= (SELECT revision FROM m)
    UNION ALL
    SELECT 'delete', t.collection, t.key, NULL, t.rev FROM orchestrator_tombstones t WHERE t.rev > $1 AND t.rev <= (SELECT revision FROM m)
    ORDER BY rev`,

  /** Locks the rows a change read or wrote, in one order for every process (no deadlocks), skipping busy ones. */
  lockRowsSkipping: `
    SELECT collection, key, rev FROM orchestrator_entries
    WHERE (collection, key) IN (SELECT * FROM unnest($1::text[], $2::text[]))
    ORDER BY collection, key FOR UPDATE SKIP LOCKED`,
  lockRowsWaiting: `
    SELECT collection, key, rev FROM orchestrator_entries
    WHERE (collection, key) IN (SELECT * FROM unnest($1::text[], $2::text[]))
    ORDER BY collection, key FOR UPDATE`,
  /** A change that walked a whole collection: the newest write to it, entries and removals. */
  collectionRevision: `
    SELECT greatest(
      (SELECT coalesce(max(rev), 0) FROM orchestrator_entries WHERE collection = $1),
      (SELECT coalesce(max(rev), 0) FROM orchestrator_tombstones WHERE collection = $1)) AS rev`,
  /**
   * Opens a change's transaction: how long it waits for a row lock, then the advisory locks of the collections it
   * walked whole (exclusive: scanners exclude writers) and of those it only writes (shared among writers), all
   * in name order. One simple-protocol round trip, so the names (the store's own) are checked, not quoted.
   */
  begin(lockTimeoutMs: number, scanned: readonly string[], written: readonly string[]): string {
    const locks = [...new Set([...scanned, ...written])].sort().map((collection) => {
      if (!/^[a-z][A-Za-z0-9_]*$/.test(collection)) throw new Error(`not a collection name: ${collection}`);
      const fn = scanned.includes(collection) ? 'pg_advisory_xact_lock' : 'pg_advisory_xact_lock_shared';
      return `SELECT ${fn}(hashtext('orchestrator:${collection}'))`;
    });
    return ['BEGIN', `SET LOCAL lock_timeout = ${Math.max(1_000, Math.floor(lockTimeoutMs))}`, ...locks].join('; ');
  },
  lockMeta: `SELECT revision, header FROM orchestrator_meta FOR UPDATE`,

  /**
   * Commits a change in one statement: the revision (taken from the meta row, whose lock is then held until
   * COMMIT, so revisions follow commit order), the header if the change wrote it (null: kept), the entries written (new ones inserted, existing ones updated
   * only at the revision the change read), removals with their tombstones, events, archived records, moved events
   * (by id: the caller checks that all of them were still there),
   * the commit's token, and the notification to every listener.
   */
  commit: `
    WITH m AS (
      UPDATE orchestrator_meta SET revision = revision + 1, header = coalesce($1::json, header) RETURNING revision
    ), created AS (
      INSERT INTO orchestrator_entries (collection, key, value, rev)
      SELECT c, k, v::json, (SELECT revision FROM m) FROM unnest($2::text[], $3::text[], $4::text[]) AS t(c, k, v)
      RETURNING 1
    ), updated AS (
      UPDATE orchestrator_entries e SET value = t.v::json, rev = (SELECT revision FROM m)
      FROM unnest($5::text[], $6::text[], $7::text[], $8::bigint[]) AS t(c, k, v, r)
      WHERE e.collection = t.c AND e.key = t.k AND e.rev = t.r
      RETURNING 1
    ), removed AS (
      DELETE FROM orchestrator_entries e USING unnest($9::text[], $10::text[], $11::bigint[]) AS t(c, k, r)
      WHERE e.collection = t.c AND e.key = t.k AND e.rev = t.r
      RETURNING e.collection, e.key
    ), tombstones AS (
      INSERT INTO orchestrator_tombstones (collection, key, rev)
      SELECT collection, key, (SELECT revision FROM m) FROM removed
      ON CONFLICT (collection, key) DO UPDATE SET rev = EXCLUDED.rev
      RETURNING 1
    ), events AS (
      INSERT INTO orchestrator_events (rev, event)
      SELECT (SELECT revision FROM m), x.e::json FROM unnest($12::text[]) WITH ORDINALITY AS x(e, n) ORDER BY x.n
      RETURNING 1
    ), archived AS (
      INSERT INTO orchestrator_archive (record) SELECT x.r::json FROM unnest($13::text[]) WITH ORDINALITY AS x(r, n) ORDER BY x.n
      RETURNING 1
    ), moved AS (
      DELETE FROM orchestrator_events WHERE id = ANY($14::bigint[])
      RETURNING rev, event
    ), kept AS (
      INSERT INTO orchestrator_event_archive (archived_on, rev, event) SELECT current_date, rev, event FROM moved
      RETURNING 1
    ), token AS (
      INSERT INTO orchestrator_commits (token, rev) VALUES ($15, (SELECT revision FROM m))
      RETURNING 1
    )
    SELECT (SELECT revision FROM m) AS revision,
           (SELECT count(*) FROM created) AS created,
           (SELECT count(*) FROM updated) AS updated,
           (SELECT count(*) FROM removed) AS removed,
           (SELECT count(*) FROM moved) AS moved,
           (SELECT count(*) FROM tombstones) + (SELECT count(*) FROM events) + (SELECT count(*) FROM archived)
             + (SELECT count(*) FROM kept) + (SELECT count(*) FROM token) AS written,
           pg_notify('${NOTIFY_CHANNEL}', (SELECT revision FROM m)::text) AS notified`,
  committed: `SELECT rev FROM orchestrator_commits WHERE token = $1`,
  pruneCommits: `DELETE FROM orchestrator_commits WHERE committed_at < now() - interval '1 day'`,

  events: `SELECT id, rev, event FROM orchestrator_events WHERE rev <= $1 ORDER BY rev, id`,
  archive: `SELECT record FROM orchestrator_archive ORDER BY id`,
  listen: `LISTEN ${NOTIFY_CHANNEL}`,
  /** Tells every listener that revision $1 was committed (a replacement or an import; commits notify in `commit`). */
  notify: `SELECT pg_notify('${NOTIFY_CHANNEL}', $1)`,

  writeArtifact: `INSERT INTO orchestrator_artifacts (owner, id, content, created_at) VALUES ($1, $2, $3, $4)`,
  readArtifact: `SELECT content FROM orchestrator_artifacts WHERE owner = $1 AND id = $2`,
  removeArtifact: `DELETE FROM orchestrator_artifacts WHERE owner = $1 AND id = $2`,
  removeArtifacts: `DELETE FROM orchestrator_artifacts WHERE owner = $1`,

  /** Replaces the whole document (restore, migration of the document's own schema, import). */
  lockAllEntries: `SELECT 1 FROM orchestrator_entries ORDER BY collection, key FOR UPDATE`,
  /** Tombstones, at revision $3, for every entry that is not among the keys ($1, $2) of the document replacing it. */
  tombstoneMissing: `
    INSERT INTO orchestrator_tombstones (collection, key, rev)
    SELECT e.collection, e.key, $3 FROM orchestrator_entries e
    WHERE NOT EXISTS (SELECT 1 FROM unnest($1::text[], $2::text[]) AS t(c, k) WHERE t.c = e.collection AND t.k = e.key)
    ON CONFLICT (collection, key) DO UPDATE SET rev = EXCLUDED.rev`,
  clearEntries: `DELETE FROM orchestrator_entries`,
  insertEntries: `
    INSERT INTO orchestrator_entries (collection, key, value, rev)
    SELECT c, k, v::json, $4 FROM unnest($1::text[], $2::text[], $3::text[]) AS t(c, k, v)`,
  setMeta: `UPDATE orchestrator_meta SET revision = $1, header = $2::json`,
  maxEventRevision: `SELECT coalesce(max(rev), 0) AS rev FROM orchestrator_events`,
  insertEvent: `INSERT INTO orchestrator_events (rev, event) VALUES ($1, $2::json)`,

  /** Everything, for a copy: read in one REPEATABLE READ transaction. */
  allEvents: `SELECT rev, event FROM orchestrator_events ORDER BY rev, id`,
  allEventArchive: `SELECT archived_on, rev, event FROM orchestrator_event_archive ORDER BY id`,
  allArtifacts: `SELECT owner, id, content, created_at FROM orchestrator_artifacts ORDER BY owner, id`,
  isEmpty: `SELECT (SELECT revision FROM orchestrator_meta) = 0 AND NOT EXISTS (SELECT 1 FROM orchestrator_entries) AND NOT EXISTS (SELECT 1 FROM orchestrator_events) AS empty`,
  importEvents: `INSERT INTO orchestrator_events (rev, event) SELECT x.r, x.e::json FROM unnest($1::bigint[], $2::text[]) WITH ORDINALITY AS x(r, e, n) ORDER BY x.n`,
  importArchive: `INSERT INTO orchestrator_archive (record) SELECT x.r::json FROM unnest($1::text[]) WITH ORDINALITY AS x(r, n) ORDER BY x.n`,
  importEventArchive: `
    INSERT INTO orchestrator_event_archive (archived_on, rev, event)
    SELECT x.d::date, x.r, x.e::json FROM unnest($1::text[], $2::bigint[], $3::text[]) WITH ORDINALITY AS x(d, r, e, n) ORDER BY x.n`,
  importArtifacts: `
    INSERT INTO orchestrator_artifacts (owner, id, content, created_at)
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[])`,

  /** Who is connected for orchestrator, and who has kept a transaction open: what doctor shows for the database. */
  describeServer: `SELECT current_setting('server_version') AS version, current_database() AS database, current_user AS user`,
  sessions: `
    SELECT pid, application_name, client_addr::text AS client, state,
           extract(epoch FROM now() - xact_start) * 1000 AS transaction_ms,
           cardinality(pg_blocking_pids(pid)) AS blocked_by
    FROM pg_stat_activity
    WHERE application_name LIKE 'orchestrator %' AND pid <> pg_backend_pid()
    ORDER BY xact_start NULLS LAST`,

  footprint: `
    SELECT
      (SELECT coalesce(sum(pg_column_size(value)), 0) FROM orchestrator_entries) AS store_bytes,
      (SELECT coalesce(sum(pg_column_size(event)), 0) FROM orchestrator_events) AS events_bytes,
      (SELECT coalesce(sum(pg_column_size(record)), 0) FROM orchestrator_archive)
        + (SELECT coalesce(sum(pg_column_size(event)), 0) FROM orchestrator_event_archive) AS archive_bytes`,
} as const;
