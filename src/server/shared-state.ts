import path from 'node:path';
import { openStore, settingsFromEnv, TaskService } from '../core/index.js';
import { builtInRoles, createCatalog, loadRoles, type RoleCatalog } from '../roles/index.js';
import { lockSettingsFromEnv, resolveOrchestratorHome } from '../store/index.js';
import { builtInTemplates, createTemplateCatalog, loadTemplates, type TemplateCatalog } from '../templates/index.js';
import { ResourceChanges } from './changes.js';
import type { Logger } from './logger.js';

/** How long a loaded role catalog is used before the role files are read again. */
export const ROLE_CACHE_MS = 2_000;

/**
 * What the connections of one process share: one TaskService per data directory (so this process's changes
 * queue on one store instead of contending for its lock) and the role catalogs.
 */
interface SharedStateOptions {
  env: NodeJS.ProcessEnv;
  home?: string | undefined;
  logger: Logger;
  clock?: (() => Date) | undefined;
}

export class SharedState {
  readonly #services = new Map<string, TaskService>();
  readonly #changes = new Map<string, ResourceChanges>();
  readonly #roles = new Map<string, { catalog: Promise<RoleCatalog>; loadedAt: number }>();

  constructor(private readonly options: SharedStateOptions) {}

  /** The state a server was given, or a new one for it alone. */
  static of(deps: SharedStateOptions & { shared?: SharedState | undefined }): SharedState {
    return deps.shared ?? new SharedState({ env: deps.env, home: deps.home, logger: deps.logger, clock: deps.clock });
  }

  /** Stops following store changes and closes every store this process opened (database connections, watchers). */
  async close(): Promise<void> {
    for (const changes of this.#changes.values()) changes.close();
    this.#changes.clear();
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

  /** The changes of a data directory's store, as the resources see them. */
  changes(dir: string): ResourceChanges {
    let changes = this.#changes.get(dir);
    if (!changes) {
      changes = new ResourceChanges(this.service(dir), this.options.logger);
      this.#changes.set(dir, changes);
    }
    return changes;
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

  /**
   * The plan templates for a data directory, read when asked (a prompt listing, an apply): template files are few
   * and small. A bad file becomes a logged problem; a loader that fails falls back to the built-in templates.
   */
  async templates(dir: string): Promise<TemplateCatalog> {
    try {
      const catalog = await loadTemplates({ dataDir: dir, home: resolveOrchestratorHome(this.options.env, this.options.home) });
      for (const problem of catalog.problems) this.options.logger.warn('template file problem', { ...problem });
      return catalog;
    } catch (error) {
      this.options.logger.error('could not load templates', { error });
      return createTemplateCatalog([builtInTemplates()], [{ file: path.join(dir, 'templates'), message: (error as Error).message }]);
    }
  }
}
