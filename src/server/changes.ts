import type { StoreDocument, TaskService } from '../core/index.js';
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
 * anyone listens.
 */
export class ResourceChanges {
  readonly #listeners = new Set<(change: ResourceChange) => void>();
  readonly #service: TaskService;
  readonly #logger: Logger;
  #stop: AbortController | undefined;
  #running = false;
  /** Each task's artifact count: what the resource list shows of it. */
  #known = new Map<string, number>();

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
    try {
      const start = await this.#service.snapshot();
      this.#known = listed(start);
      for await (const change of this.#service.watch({ since: start.revision, signal })) {
        const doc = await this.#service.snapshot();
        let listChanged = change.reset;
        for (const id of change.taskIds) if (this.#known.get(id) !== doc.tasks[id]?.artifacts.length) listChanged = true;
        if (change.reset) this.#known = listed(doc);
        else
          for (const id of change.taskIds) {
            const task = doc.tasks[id];
            if (task) this.#known.set(id, task.artifacts.length);
            else this.#known.delete(id);
          }
        const event = { taskIds: change.taskIds, workersChanged: change.workerIds.length > 0, listChanged, reset: change.reset };
        for (const listener of this.#listeners) listener(event);
      }
    } catch (error) {
      // A store that does not read stops the notifications, not the server; the tools report the store's error.
      if (!signal.aborted) this.#logger.warn('stopped following store changes', { error: (error as Error).message });
    }
  }
}

function listed(doc: StoreDocument): Map<string, number> {
  return new Map(Object.values(doc.tasks).map((task) => [task.id, task.artifacts.length]));
}
