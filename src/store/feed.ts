import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';

/** What changed in a store: the revision it reached and, per collection, the keys of the entries that changed. */
export interface StoreChange {
  revision: number;
  changed: Record<string, string[]>;
  /** The watcher lost track of what changed (the store was restored, or reloaded whole): read everything again. */
  reset: boolean;
}

/** Fallback for file systems without change notifications, and a safety net for missed ones. */
const CHECK_INTERVAL_MS = 2_000;
/** Notifications come in bursts (a commit writes two files): one look after the burst. */
const SETTLE_MS = 5;

/**
 * Delivers the changes of one store to the watchers of this process. While anyone watches, the store's folder is
 * watched for writes by other processes; `check` (the store's refresh) reads what they committed and reports it
 * through `publish`, as does every commit of this process.
 */
export class ChangeFeed {
  readonly #listeners = new Set<(change: StoreChange) => void>();
  readonly #dir: string;
  readonly #names: ReadonlySet<string>;
  readonly #check: () => void;
  #watcher: FSWatcher | undefined;
  #interval: NodeJS.Timeout | undefined;
  #pending: NodeJS.Timeout | undefined;

  constructor(files: readonly string[], check: () => void) {
    this.#dir = path.dirname(files[0]!);
    this.#names = new Set(files.map((file) => path.basename(file)));
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

  #start(): void {
    this.#openWatcher();
    this.#interval = setInterval(() => this.#run(), CHECK_INTERVAL_MS);
    this.#interval.unref();
  }

  #stop(): void {
    this.#stopWatcher();
    clearInterval(this.#interval);
    clearTimeout(this.#pending);
    this.#interval = this.#pending = undefined;
  }

  #stopWatcher(): void {
    this.#watcher?.close();
    this.#watcher = undefined;
  }

  #schedule(): void {
    if (this.#pending) return;
    this.#pending = setTimeout(() => {
      this.#pending = undefined;
      this.#run();
    }, SETTLE_MS);
    this.#pending.unref();
  }

  #openWatcher(): void {
    try {
      this.#watcher = watch(this.#dir, { persistent: false }, (_event, name) => {
        if (name === null || this.#names.has(String(name))) this.#schedule();
      });
      this.#watcher.on('error', () => this.#stopWatcher());
    } catch {
      // No notifications here (the folder does not exist yet, or the file system has none): the interval covers it.
    }
  }

  #run(): void {
    // The folder appears with the first commit: watch it from then on.
    if (!this.#watcher && this.#listeners.size > 0) this.#openWatcher();
    try {
      this.#check();
    } catch {
      // A store that does not read right now is reported to whoever reads it; the feed tries again later.
    }
  }
}

/**
 * The changes after `first` (if given) and then every change published from the moment of this call, as an async
 * iterator for one watcher. Changes that arrive while the watcher is busy are merged into one, so a slow watcher
 * never falls behind. It stops when `signal` aborts or the watcher calls `return` (a `break` out of `for await`).
 */
export function changeStream(feed: ChangeFeed, first: StoreChange | undefined, signal?: AbortSignal): AsyncIterableIterator<StoreChange> {
  let pending = first;
  let wake: (() => void) | undefined;
  let done = false;
  const unsubscribe = feed.subscribe((change) => {
    pending = pending ? merge(pending, change) : change;
    wake?.();
  });
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
