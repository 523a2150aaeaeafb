import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';

/** What changed in a store: the revision it reached and, per collection, the keys of the entries that changed. */
export interface StoreChange {
  revision: number;
  changed: Record<string, string[]>;
  /** The watcher lost track of what changed (the store was restored, or reloaded whole): read everything again. */
  reset: boolean;
}

/** A safety net under the notifications (missed ones, file systems or networks without them). */
const CHECK_INTERVAL_MS = 2_000;
/** Notifications come in bursts (a commit writes two files): one look after the burst. */
const SETTLE_MS = 5;

/** What tells the feed that another process may have committed: a folder watch, or a database notification. */
export interface FeedSource {
  /** Starts listening; `signal` is called on every hint of a change. Returns the function that stops it. */
  start(signal: () => void): () => void;
}

/** Watches the folder of `files` for writes to any of them. */
export function folderSource(files: readonly string[]): FeedSource {
  const dir = path.dirname(files[0]!);
  const names = new Set(files.map((file) => path.basename(file)));
  return {
    start(signal) {
      let watcher: FSWatcher | undefined;
      const open = () => {
        try {
          watcher = watch(dir, { persistent: false }, (_event, name) => {
            if (name === null || names.has(String(name))) signal();
          });
          watcher.on('error', () => {
            watcher?.close();
            watcher = undefined;
          });
        } catch {
          // No folder yet (it appears with the first commit) or no notifications here: the interval covers it.
        }
      };
      open();
      // The folder may appear later: try again on every look of the safety net.
      const retry = setInterval(() => {
        if (!watcher) open();
      }, CHECK_INTERVAL_MS);
      retry.unref();
      return () => {
        clearInterval(retry);
        watcher?.close();
      };
    },
  };
}

/**
 * Delivers the changes of one store to the watchers of this process. While anyone watches, `source` reports hints
 * of changes by other processes, and a slow interval looks anyway; each look runs `check` (the store's refresh),
 * which reports what it finds through `publish`, as does every commit of this process.
 */
export class ChangeFeed {
  readonly #listeners = new Set<(change: StoreChange) => void>();
  readonly #source: FeedSource;
  readonly #check: () => unknown;
  #stopSource: (() => void) | undefined;
  #interval: NodeJS.Timeout | undefined;
  #pending: NodeJS.Timeout | undefined;

  constructor(source: FeedSource, check: () => unknown) {
    this.#source = source;
    this.#check = check;
  }

  get watched(): boolean {
    return this.#listeners.size > 0;
  }

  publish(change: StoreChange): void {
    for (const listener of this.#listeners) listener(change);
  }

  subscribe(listener: (change: StoreChange) => void): () => void {
    this.#listeners.add(listener);
    if (this.#listeners.size === 1) this.#start();
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) this.#stop();
    };
  }

  /** Looks for changes soon (after a burst of hints settles). */
  poke(): void {
    if (this.#pending || this.#listeners.size === 0) return;
    this.#pending = setTimeout(() => {
      this.#pending = undefined;
      this.#run();
    }, SETTLE_MS);
    this.#pending.unref();
  }

  #start(): void {
    this.#stopSource = this.#source.start(() => this.poke());
    this.#interval = setInterval(() => this.#run(), CHECK_INTERVAL_MS);
    this.#interval.unref();
  }

  #stop(): void {
    this.#stopSource?.();
    clearInterval(this.#interval);
    clearTimeout(this.#pending);
    this.#stopSource = this.#interval = this.#pending = undefined;
  }

  #run(): void {
    // A store that does not read right now is reported to whoever reads it; the feed tries again later.
    Promise.resolve()
      .then(() => this.#check())
      .catch(() => undefined);
  }
}

/**
 * The changes after `first` (if given) and then every change published from the moment of this call, as an async
 * iterator for one watcher. Changes that arrive while the watcher is busy are merged into one, so a slow watcher
 * never falls behind. It stops when `signal` aborts or the watcher calls `return` (a `break` out of `for await`).
 */
export function changeStream(
  feed: ChangeFeed,
  first: StoreChange | undefined,
  signal?: AbortSignal,
  /** A first change that takes a moment to find (what came after a revision, read from a database). */
  later?: Promise<StoreChange>,
): AsyncIterableIterator<StoreChange> {
  let pending = first;
  let wake: (() => void) | undefined;
  let done = false;
  const add = (change: StoreChange) => {
    pending = pending ? merge(pending, change) : change;
    wake?.();
  };
  const unsubscribe = feed.subscribe(add);
  void later?.then(add);
  const onAbort = () => wake?.();
  signal?.addEventListener('abort', onAbort);
  const finish = (): IteratorResult<StoreChange> => {
    if (!done) {
      done = true;
      unsubscribe();
      signal?.removeEventListener('abort', onAbort);
    }
    return { done: true, value: undefined };
  };
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next(): Promise<IteratorResult<StoreChange>> {
      while (!pending) {
        if (done || signal?.aborted) return finish();
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
      if (done || signal?.aborted) return finish();
      const change = pending;
      pending = undefined;
      return { done: false, value: change };
    },
    async return(): Promise<IteratorResult<StoreChange>> {
      return finish();
    },
  };
}

function merge(a: StoreChange, b: StoreChange): StoreChange {
  const changed: Record<string, string[]> = {};
  for (const change of [a, b]) {
    for (const [collection, keys] of Object.entries(change.changed)) {
      changed[collection] = [...new Set([...(changed[collection] ?? []), ...keys])];
    }
  }
  return { revision: Math.max(a.revision, b.revision), changed, reset: a.reset || b.reset };
}
