import type { TaskChange, TaskService } from '../core/index.js';
import { allPlans, changedCards, toActivity, workersView, type ActivityItem, type Card, type PlanSummary, type WorkersView } from './views.js';

export type { TaskChange };

/** What the page applies on top of what it loaded: the state of every card, worker and plan the change touched. */
export interface Delta {
  /** The store revision the data was read at. */
  revision: number;
  now: string;
  cards: Card[];
  removed: string[];
  workers: WorkersView;
  plans: PlanSummary[];
  activity: ActivityItem[];
}

export type LiveListener = (event: 'delta' | 'reset', data: Delta | null) => void;

const ACTIVITY_BATCH = 200;
const RETRY_MS = 1_000;

/**
 * One reader of the change feed for every open page. It runs while at least one page listens. Changes that arrive
 * while a delta is being computed are merged into the next one, so a burst of changes costs one read of the store.
 */
export class LiveHub {
  readonly #service: TaskService;
  readonly #onError: (error: unknown) => void;
  readonly #listeners = new Set<LiveListener>();
  #abort: AbortController | undefined;
  /** Resolves once the feed is read from a revision no later than any snapshot taken afterwards. */
  #started: Promise<void> | undefined;
  #pending = { taskIds: new Set<string>(), dirty: false, reset: false };
  #wake: (() => void) | undefined;

  constructor(service: TaskService, onError: (error: unknown) => void = () => {}) {
    this.#service = service;
    this.#onError = onError;
  }

  get listeners(): number {
    return this.#listeners.size;
  }

  /** Adds a listener; the returned promise resolves once the feed is read from the current revision on. */
  async subscribe(listener: LiveListener): Promise<() => void> {
    this.#listeners.add(listener);
    if (!this.#abort) {
      const abort = (this.#abort = new AbortController());
      this.#started = this.#service.snapshot().then((doc) => void this.#run(doc.revision, abort.signal));
    }
    try {
      await this.#started;
    } catch (error) {
      // The store could not be read: the next page to connect tries again.
      this.#listeners.delete(listener);
      this.close();
      throw error;
    }
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) this.close();
    };
  }

  close(): void {
    this.#abort?.abort();
    this.#abort = undefined;
    this.#started = undefined;
    this.#wake?.();
  }

  async #run(since: number, signal: AbortSignal): Promise<void> {
    void this.#read(since, signal);
    let activityRev = since;
    while (!signal.aborted) {
      if (!this.#pending.dirty) await new Promise<void>((resolve) => (this.#wake = resolve));
      if (signal.aborted) break;
      const { taskIds, reset } = this.#pending;
      this.#pending = { taskIds: new Set(), dirty: false, reset: false };
      try {
        if (reset) {
          this.#emit('reset', null);
          activityRev = (await this.#service.snapshot()).revision;
          continue;
        }
        const delta = await this.#delta([...taskIds], activityRev);
        // By the events read, not the document's revision: the live document may be ahead of the event log.
        activityRev = delta.activity.reduce((last, item) => Math.max(last, item.rev), activityRev);
        this.#emit('delta', delta);
      } catch (error) {
        this.#onError(error);
        this.#emit('reset', null);
      }
    }
  }

  /** Reads the feed into #pending; restarts after a failure (a store briefly unreadable) from the last revision. */
  async #read(since: number, signal: AbortSignal): Promise<void> {
    let last = since;
    while (!signal.aborted) {
      try {
        for await (const change of this.#service.watch({ since: last, signal })) {
          last = Math.max(last, change.revision);
          for (const id of change.taskIds) this.#pending.taskIds.add(id);
          this.#pending.reset ||= change.reset;
          // Worker-only changes (a heartbeat of a worker holding nothing) still refresh the agents.
          this.#pending.dirty = true;
          this.#wake?.();
        }
        if (signal.aborted) return;
      } catch (error) {
        if (signal.aborted) return;
        this.#onError(error);
      }
      this.#pending.reset = true;
      this.#pending.dirty = true;
      this.#wake?.();
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS).unref());
    }
  }

  async #delta(taskIds: string[], activityRev: number): Promise<Delta> {
    const doc = await this.#service.snapshot();
    const now = this.#service.now();
    const { cards, removed } = changedCards(doc, now, taskIds);
    const workers = await workersView(this.#service);
    const events = await this.#service.history({ afterRevision: activityRev, limit: ACTIVITY_BATCH });
    return {
      revision: doc.revision,
      now: now.toISOString(),
      cards,
      removed,
      workers,
      plans: allPlans(doc),
      activity: events.map(toActivity),
    };
  }

  #emit(event: 'delta' | 'reset', data: Delta | null): void {
    for (const listener of this.#listeners) {
      try {
        listener(event, data);
      } catch (error) {
        this.#onError(error);
      }
    }
  }
}
