import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import {
  CLIENT_CAPABILITIES_META_KEY,
  CLIENT_INFO_META_KEY,
  type ClientCapabilities,
  type Implementation,
  type Server,
  type ServerContext,
} from '@modelcontextprotocol/server';
import { locateStore, type StoreLocation, type TaskService } from '../core/index.js';
import { OrchestratorError } from '../errors.js';
import type { RoleCatalog } from '../roles/index.js';
import type { TemplateCatalog } from '../templates/index.js';
import type { ResourceChange } from './changes.js';
import { updatedUris } from './resources.js';
import type { Logger } from './logger.js';
import type { SharedState } from './shared-state.js';
import type { ToolSelection, ToolsetName } from './toolsets.js';

export { SharedState, ROLE_CACHE_MS } from './shared-state.js';

export interface ServerDeps {
  version: string;
  env: NodeJS.ProcessEnv;
  /** The directory the server was started in; the data directory is resolved from it. */
  cwd: string;
  /** The user's home directory (tests point it at a temporary one). */
  home?: string;
  /** `--data-dir`. */
  dataDir?: string | undefined;
  /** The tools offered: `--toolsets` parsed. */
  toolsets: ToolSelection;
  logger: Logger;
  /** Shared by every connection of one process; created per server when absent. */
  shared?: SharedState;
  clock?: () => Date;
}

/** How long a shutdown waits for tool calls that already started changing the store. */
export const DRAIN_MS = 10_000;

/** The 2026-07-28 per-request envelope (absent on older revisions, where initialize said it all). */
function envelopeOf(ctx: ServerContext | undefined): Record<string, unknown> | undefined {
  return ctx?.mcpReq.envelope as Record<string, unknown> | undefined;
}

/** How long the client is given to list its roots before the store is chosen without them. */
const ROOTS_TIMEOUT_MS = 3_000;

/**
 * One client connection: its session id, the store it works on (see `locate`), its default worker id, which
 * worker id it claimed each task under (so completing needs no worker id), and what the client can do.
 * Over stateless HTTP (protocol 2026-07-28) every request is a connection of its own.
 */
export class Connection {
  readonly sessionId = randomUUID();
  readonly #deps: ServerDeps;
  readonly #shared: SharedState;
  readonly #stateless: boolean;
  readonly #claims = new Map<string, string>();
  #server: Server | undefined;
  #clientName: string | undefined;
  #projectRoot: string | undefined;
  /** The client's roots as directories, once asked; undefined until then. */
  #roots: string[] | undefined;
  #rootsAsked: Promise<void> | undefined;
  #location: StoreLocation;
  #following: { dir: string; stop: () => void } | undefined;

  /** Resource URIs the client subscribed to (resources/subscribe, protocol revisions before 2026-07-28). */
  readonly subscriptions = new Set<string>();

  /**
   * The toolset whose tools are being registered, while createServer registers them: two toolsets may define a
   * tool of the same name, and only the chosen one's is offered.
   */
  registering: ToolsetName | undefined;

  constructor(deps: ServerDeps, shared: SharedState, options: { stateless?: boolean } = {}) {
    this.#deps = deps;
    this.#shared = shared;
    this.#stateless = options.stateless === true;
    this.#location = this.#resolve();
  }

  /** The protocol side of the connection: what the client declared, and the way to ask it for its roots. */
  attach(server: Server): void {
    this.#server = server;
    server.setNotificationHandler('notifications/roots/list_changed', () => {
      this.#roots = undefined;
      this.#rootsAsked = undefined;
    });
  }

  get deps(): ServerDeps {
    return this.#deps;
  }

  get logger(): Logger {
    return this.#deps.logger;
  }

  /** Whether this server offers a tool (texts that suggest a next step name only tools the client has). */
  offers(tool: string): boolean {
    const from = this.#deps.toolsets.tools.get(tool);
    return from !== undefined && (this.registering === undefined || from === this.registering);
  }

  toolsetOf(tool: string): string | undefined {
    return this.#deps.toolsets.tools.get(tool);
  }

  /** What the client declared: per request on 2026-07-28, at initialize before. */
  #capabilities(ctx: ServerContext | undefined): ClientCapabilities | undefined {
    return (envelopeOf(ctx)?.[CLIENT_CAPABILITIES_META_KEY] as ClientCapabilities | undefined) ?? this.#server?.getClientCapabilities();
  }

  canElicit(ctx: ServerContext): boolean {
    const elicitation = this.#capabilities(ctx)?.elicitation;
    // A bare `elicitation: {}` is form support (it predates the modes).
    return elicitation !== undefined && (Object.keys(elicitation).length === 0 || elicitation.form !== undefined);
  }

  /**
   * Before a request is served: who the client is, and which store it works on. A client that offers roots is
   * asked for them once (and again when it says they changed), unless the session named its project root.
   */
  async prepare(ctx: ServerContext): Promise<void> {
    this.#clientName ??= (envelopeOf(ctx)?.[CLIENT_INFO_META_KEY] as Implementation | undefined)?.name ?? this.#server?.getClientVersion()?.name;
    const asksRoots = this.#projectRoot === undefined && this.#roots === undefined && !this.#stateless;
    if (asksRoots && this.#capabilities(ctx)?.roots && ctx.mcpReq.envelope === undefined) {
      this.#rootsAsked ??= this.#askRoots();
      await this.#rootsAsked;
    }
    this.#follow();
  }

  /**
   * Follows the changes of this connection's store (from the first request on, and to the new store when the
   * session moves), so that the client hears of them: the resource list changing, and the resources it
   * subscribed to. On 2026-07-28 the SDK routes them onto the client's subscriptions/listen streams.
   */
  #follow(): void {
    if (this.#stateless || !this.#server || this.#following?.dir === this.dataDir) return;
    this.#following?.stop();
    const dir = this.dataDir;
    this.#following = { dir, stop: this.#shared.changes(dir).subscribe((change) => this.#notify(change)) };
  }

  #notify(change: ResourceChange): void {
    const server = this.#server!;
    const modern = (server.getNegotiatedProtocolVersion() ?? '') >= '2026-07-28';
    if (change.listChanged) server.sendResourceListChanged().catch(() => undefined);
    const changed = updatedUris(change);
    // Without a list of what changed, every subscription may have.
    const candidates = change.reset ? [...this.subscriptions, ...changed] : [...changed];
    for (const uri of new Set(candidates)) {
      // Before 2026-07-28 only what the client subscribed to; from it on the SDK filters by the listen streams.
      if (modern || this.subscriptions.has(uri)) server.sendResourceUpdated({ uri }).catch(() => undefined);
    }
  }

  /** Stops following the store: the connection is gone. */
  close(): void {
    this.#following?.stop();
    this.#following = undefined;
  }

  async #askRoots(): Promise<void> {
    try {
      const { roots } = await this.#server!.listRoots(undefined, { timeout: ROOTS_TIMEOUT_MS });
      this.#roots = roots.flatMap((root) => {
        try {
          return root.uri.startsWith('file:') ? [fileURLToPath(root.uri)] : [];
        } catch {
          return [];
        }
      });
    } catch (error) {
      this.logger.debug('the client did not list its roots', { error: (error as Error).message });
      this.#roots = [];
    }
    this.#location = this.#resolve();
  }

  #resolve(): StoreLocation {
    const { deps } = this;
    return locateStore({
      projectRoot: this.#projectRoot,
      roots: this.#roots,
      flag: deps.dataDir,
      env: deps.env,
      cwd: deps.cwd,
      home: deps.home,
    });
  }

  /** The store this connection works on, the rule that chose it and why. */
  get location(): StoreLocation {
    return this.#location;
  }

  get dataDir(): string {
    return this.#location.dir;
  }

  get service(): TaskService {
    return this.#shared.service(this.dataDir);
  }

  /** Where the tasks are, for messages: the data directory, or the database that holds them instead. */
  get storeDescription(): string {
    const { store } = this.service;
    return store.backend === 'file' ? this.dataDir : `${store.location} (PostgreSQL; data directory ${this.dataDir})`;
  }

  get clientName(): string | null {
    return this.#clientName ?? null;
  }

  roles(options: { fresh?: boolean } = {}): Promise<RoleCatalog> {
    return this.#shared.roles(this.dataDir, options);
  }

  templates(): Promise<TemplateCatalog> {
    return this.#shared.templates(this.dataDir);
  }

  /** The worker id this connection works under when a tool is not given one: `<client>-<session>`. */
  defaultWorker(): string {
    const client = (this.#clientName ?? 'mcp')
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40);
    return `${client || 'mcp'}-${this.sessionId.slice(0, 8)}`;
  }

  /** The worker to act as for a task: the one given, else the one this connection claimed it under, else the default. */
  workerFor(taskId: string, explicit?: string): string {
    return explicit ?? this.#claims.get(taskId) ?? this.defaultWorker();
  }

  remember(taskId: string, worker: string): void {
    this.#claims.set(taskId, worker);
  }

  /**
   * The project the session works in (`project_root` of orchestrator_initialize_session): its store is used for
   * the rest of the connection, whatever --data-dir or the client's roots say. Over stateless HTTP no later
   * request would remember it, so there it may only confirm the store the server works on.
   */
  useProjectRoot(dir: string): StoreLocation {
    const location = locateStore({ projectRoot: dir, env: {}, cwd: this.#deps.cwd, home: this.#deps.home });
    if (this.#stateless && location.dir !== this.#location.dir) {
      throw new OrchestratorError(
        `Over HTTP with protocol 2026-07-28 every request stands alone, so project_root cannot move later calls to ${location.dir}. This server works on ${this.#location.dir} (${this.#location.reason}).`,
        {
          code: 'INVALID_INPUT',
          hint: `Leave project_root out, start a server for that project (orchestrator --data-dir ${location.dir} serve --http), or connect over stdio.`,
        },
      );
    }
    this.#projectRoot = location.projectRoot ?? dir;
    this.#location = location;
    if (this.#following) this.#follow();
    return location;
  }
}
