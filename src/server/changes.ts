import type { Task, TaskService } from '../core/index.js';
import type { Logger } from './logger.js';

/** A store change, as the resources see it. */
export interface ResourceChange {
  /** Tasks created, changed, deleted or archived: their resources changed. */
  taskIds: string[];
  workersChanged: boolean;
  /** A task or an artifact appeared or went away: the resource list is not what it was. */
  listChanged: boolean;
  /** What changed is not known (the store was restored or reloaded): everything may have. */
  reset: boolean;
}

/**
 * Follows one store's change feed for the connections of this process (changes committed by any process,
 * this one included) and tells each listener what it means for the resources. One loop per store, running while
 * anyone listens. Whether the resource list changed (a task created or removed, an artifact added) is seen entry
 * by entry as the store applies changes (its observers), so following never reads the store beside the changes
 * the tools make.
 */
export class ResourceChanges {
  readonly #listeners = new Set<(change: ResourceChange) => void>();
  readonly #service: TaskService;
  readonly #logger: Logger;
  #stop: AbortController | undefined;
  #running = false;

  constructor(service: TaskService, logger: Logger) {
    this.#service = service;
    this.#logger = logger;
  }

  subscribe(listener: (change: ResourceChange) => void): () => void {
    this.#listeners.add(listener);
    if (!this.#running) {
      this.#running = true;
      this.#stop = new AbortController();
      void this.#follow(this.#stop.signal).finally(() => (this.#running = false));
    }
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) this.#stop?.abort();
    };
  }

  /** Stops following the store; listeners hear nothing more. */
  close(): void {
    this.#listeners.clear();
    this.#stop?.abort();
  }

  async #follow(signal: AbortSignal): Promise<void> {
    let listChanged = false;
    const stopObserving = this.#service.store.observe({
      // A reload (a restore, another process's rewrite) comes with a change that says reset, which counts.
      reset: () => undefined,
      write: (collection, _key, before, after) => {
        if (collection !== 'tasks') return;
        const was = before as Task | undefined;
        const now = after as Task | undefined;
        if (!was || !now || was.artifacts.length !== now.artifacts.length) listChanged = true;
      },
    });
    try {
      for await (const change of this.#service.watch({ signal })) {
        const event = {
          taskIds: change.taskIds,
          workersChanged: change.workerIds.length > 0,
          listChanged: listChanged || change.reset,
          reset: change.reset,
        };
        listChanged = false;
        for (const listener of this.#listeners) listener(event);
      }
    } catch (error) {
      // A store that does not read stops the notifications, not the server; the tools report the store's error.
      if (!signal.aborted) this.#logger.warn('stopped following store changes', { error: (error as Error).message });
    } finally {
      stopObserving();
    }
  }
}
