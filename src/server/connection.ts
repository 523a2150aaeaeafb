import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import path from 'node:path';
import { openStore, resolveDataDirectory, settingsFromEnv, TaskService } from '../core/index.js';
import { OrchestratorError } from '../errors.js';
import { builtInRoles, createCatalog, loadRoles, type RoleCatalog } from '../roles/index.js';
import { lockSettingsFromEnv, resolveOrchestratorHome, type ResolvedDataDir } from '../store/index.js';
import type { Logger } from './logger.js';
import type { ToolsetName } from './toolsets.js';

export interface ServerDeps {
  version: string;
  env: NodeJS.ProcessEnv;
  /** The directory the server was started in; the data directory is resolved from it. */
  cwd: string;
  /** The user's home directory (tests point it at a temporary one). */
  home?: string;
  /** `--data-dir`. */
  dataDir?: string | undefined;
  toolsets: readonly ToolsetName[];
  logger: Logger;
  /** Shared by every connection of one process; created per server when absent. */
  shared?: SharedState;
  clock?: () => Date;
}

/** How long a shutdown waits for tool calls that already started changing the store. */
export const DRAIN_MS = 10_000;

/** How long a loaded role catalog is used before the role files are read again. */
export const ROLE_CACHE_MS = 2_000;

/**
 * What the connections of one process share: one TaskService per data directory (so this process's changes
 * queue on one store instead of contending for its lock) and the role catalogs.
 */
export class SharedState {
  readonly #services = new Map<string, TaskService>();
  readonly #roles = new Map<string, { catalog: Promise<RoleCatalog>; loadedAt: number }>();

  constructor(
    private readonly options: { env: NodeJS.ProcessEnv; home?: string | undefined; logger: Logger; clock?: (() => Date) | undefined },
  ) {}

  /** Closes every store this process opened (database connections, watchers). */
  async close(): Promise<void> {
    await Promise.all([...this.#services.values()].map((service) => service.store.close()));
    this.#services.clear();
  }

  service(dir: string): TaskService {
    let service = this.#services.get(dir);
    if (!service) {
      const { env, clock } = this.options;
      const store = openStore(dir, env.ORCHESTRATOR_STORE, { lock: lockSettingsFromEnv(env), ...(clock && { clock }) });
      service = new TaskService(store, settingsFromEnv(env), clock, { roles: () => this.roles(dir), dataDir: dir });
      this.#services.set(dir, service);
    }
    return service;
  }

  /**
   * The roles for a data directory. Role files are read again when the cached catalog is older than
   * ROLE_CACHE_MS or when `fresh` is asked for (a new session, a prompt listing), so edits show up without a
   * restart and a burst of tool calls reads them once.
   */
  roles(dir: string, options: { fresh?: boolean } = {}): Promise<RoleCatalog> {
    const cached = this.#roles.get(dir);
    const now = Date.now();
    if (cached && !options.fresh && now - cached.loadedAt < ROLE_CACHE_MS) return cached.catalog;
    const home = resolveOrchestratorHome(this.options.env, this.options.home);
    // Through a promise, so that even a loader that throws synchronously ends in the fallback below.
    const catalog = Promise.resolve({ dataDir: dir, home })
      .then(loadRoles)
      .then(
        (loaded) => {
          for (const problem of loaded.problems) this.options.logger.warn('role file problem', { ...problem });
          return loaded;
        },
        (error: unknown) => {
          // Roles must never take the server down: fall back to the built-in ones and say why.
          this.options.logger.error('could not load roles', { error });
          return createCatalog([builtInRoles()], [{ file: path.join(dir, 'roles'), message: (error as Error).message }]);
        },
      );
    this.#roles.set(dir, { catalog, loadedAt: now });
    return catalog;
  }
}

export interface DataLocation {
  resolved: ResolvedDataDir;
  workingDirectory: string | null;
}

/**
 * One client connection: its session id, its data directory (which initialize_session may move), its default
 * worker id, and which worker id it claimed each task under, so completing needs no worker id.
 */
export class Connection {
  readonly sessionId = randomUUID();
  readonly #deps: ServerDeps;
  readonly #shared: SharedState;
  readonly #clientName: () => string | undefined;
  readonly #claims = new Map<string, string>();
  #location: DataLocation;

  constructor(deps: ServerDeps, shared: SharedState, clientName: () => string | undefined) {
    this.#deps = deps;
    this.#shared = shared;
    this.#clientName = clientName;
    const resolved = resolveDataDirectory({ flag: deps.dataDir, env: deps.env, cwd: deps.cwd, ...(deps.home && { home: deps.home }) });
    this.#location = { resolved, workingDirectory: null };
  }

  get deps(): ServerDeps {
    return this.#deps;
  }

  get logger(): Logger {
    return this.#deps.logger;
  }

  get location(): DataLocation {
    return this.#location;
  }

  get dataDir(): string {
    return this.#location.resolved.dir;
  }

  get service(): TaskService {
    return this.#shared.service(this.dataDir);
  }

  get clientName(): string | null {
    return this.#clientName() ?? null;
  }

  roles(options: { fresh?: boolean } = {}): Promise<RoleCatalog> {
    return this.#shared.roles(this.dataDir, options);
  }

  /** The worker id this connection works under when a tool is not given one: `<client>-<session>`. */
  defaultWorker(): string {
    const client = (this.#clientName() ?? 'mcp')
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
   * Resolves the data directory from the client's working directory, as if the server had been started there.
   * A directory pinned with --data-dir or ORCHESTRATOR_DATA_DIR stays: the person's configuration wins.
   */
  useWorkingDirectory(dir: string): DataLocation {
    if (!path.isAbsolute(dir)) {
      throw new OrchestratorError(`working_directory must be an absolute path, not "${dir}".`, {
        code: 'INVALID_INPUT',
        hint: 'Pass the absolute path of the project you are working in, or leave it out.',
      });
    }
    let isDirectory = false;
    try {
      isDirectory = statSync(dir).isDirectory();
    } catch {
      isDirectory = false;
    }
    if (!isDirectory) {
      throw new OrchestratorError(`working_directory "${dir}" is not an existing directory.`, {
        code: 'INVALID_INPUT',
        hint: 'Pass the absolute path of the project you are working in, or leave it out.',
      });
    }
    const { deps } = this;
    const resolved = resolveDataDirectory({ flag: deps.dataDir, env: deps.env, cwd: dir, ...(deps.home && { home: deps.home }) });
    this.#location = { resolved, workingDirectory: path.resolve(dir) };
    return this.#location;
  }
}
