/**
 * Watches a document and its entries while a change function edits it in place.
 *
 * The store keeps one live document per process. A change function receives a view of it whose writes (an
 * entry replaced or removed, a header field replaced) go straight into the document and are recorded; the
 * change then costs what it touched, however large the document. If the change fails, `undo` puts back every
 * recorded value, newest first. Everything between the first write and `undo` or the commit runs synchronously,
 * so no other code of this process ever sees a half-made change.
 */

/** Told about every entry that changes: by a change, by a commit read from another process, or by an undo. */
export interface DocumentObserver<T> {
  /** The whole document was (re)loaded from disk. */
  reset(document: T): void;
  /** One entry of `collection` went from `before` to `after` (undefined: absent). */
  write(collection: string, key: string, before: unknown, after: unknown): void;
}

interface Recorded {
  collection: string | undefined;
  key: string;
  before: unknown;
  existed: boolean;
}

export class Draft<T extends object> {
  readonly view: T;
  readonly #document: Record<string, unknown>;
  readonly #collections: ReadonlySet<string>;
  readonly #observers: ReadonlySet<DocumentObserver<T>>;
  readonly #log: Recorded[] = [];
  /** Per collection, each written key's value before its first write. */
  readonly #first = new Map<string, Map<string, { before: unknown; existed: boolean }>>();
  readonly #views = new Map<string, Record<string, unknown>>();
  readonly #track: boolean;
  readonly #read = new Map<string, Set<string>>();
  readonly #scanned = new Set<string>();
  #headerRead = false;

  /**
   * With `track`, what the change reads is recorded too (`reads`): the entries it looked at, the collections it
   * walked whole, whether it read the header. A backend that lets changes run side by side checks, when it
   * commits, that none of that moved under the change (see pg/pg-store.ts).
   */
  constructor(document: T, collections: ReadonlySet<string>, observers: ReadonlySet<DocumentObserver<T>>, options: { track?: boolean } = {}) {
    this.#document = document as Record<string, unknown>;
    this.#collections = collections;
    this.#observers = observers;
    this.#track = options.track ?? false;
    this.view = new Proxy(this.#document, {
      get: (target, property) => {
        if (typeof property === 'string' && this.#collections.has(property)) return this.#collectionView(property);
        if (this.#track && typeof property === 'string' && !STORE_FIELDS.has(property)) this.#headerRead = true;
        return Reflect.get(target, property);
      },
      set: (target, property, value) => {
        if (typeof property !== 'string' || this.#collections.has(property)) {
          throw new TypeError(`A change cannot replace the document's ${String(property)}: replace its entries.`);
        }
        this.#record(undefined, target, property);
        target[property] = value;
        return true;
      },
      deleteProperty: (target, property) => {
        if (typeof property !== 'string' || this.#collections.has(property)) {
          throw new TypeError(`A change cannot remove the document's ${String(property)}.`);
        }
        this.#record(undefined, target, property);
        return delete target[property];
      },
    }) as T;
  }

  /** What the change read, when tracked: entries by collection, collections walked whole, and the header. */
  reads(): { entries: ReadonlyMap<string, ReadonlySet<string>>; scanned: ReadonlySet<string>; header: boolean } {
    return { entries: this.#read, scanned: this.#scanned, header: this.#headerRead || this.headerTouched };
  }

  /** Whether a header field was written. */
  get headerTouched(): boolean {
    return this.#log.some((record) => record.collection === undefined);
  }

  /** The entries written, per collection, with their values now (undefined: removed); in first-write order. */
  changes(): Map<string, Map<string, unknown>> {
    const changes = new Map<string, Map<string, unknown>>();
    for (const [collection, firsts] of this.#first) {
      const live = this.#document[collection] as Record<string, unknown>;
      const entries = new Map<string, unknown>();
      for (const [key, first] of firsts) {
        const now = Object.hasOwn(live, key) ? live[key] : undefined;
        // A key written and then put back to what it was is no change at all.
        if (first.existed ? first.before === now : now === undefined) continue;
        entries.set(key, now);
      }
      if (entries.size > 0) changes.set(collection, entries);
    }
    return changes;
  }

  /** Puts back every value the change replaced, newest first, telling the observers. */
  undo(): void {
    for (let i = this.#log.length - 1; i >= 0; i--) {
      const { collection, key, before, existed } = this.#log[i]!;
      const target = collection === undefined ? this.#document : (this.#document[collection] as Record<string, unknown>);
      const now = Object.hasOwn(target, key) ? target[key] : undefined;
      if (existed) target[key] = before;
      else delete target[key];
      if (collection !== undefined) for (const observer of this.#observers) observer.write(collection, key, now, existed ? before : undefined);
    }
    this.#log.length = 0;
    this.#first.clear();
  }

  #collectionView(collection: string): Record<string, unknown> {
    let view = this.#views.get(collection);
    if (view) return view;
    const live = this.#document[collection] as Record<string, unknown>;
    const note = (key: string | symbol) => {
      if (!this.#track || typeof key !== 'string') return;
      let keys = this.#read.get(collection);
      if (!keys) this.#read.set(collection, (keys = new Set()));
      keys.add(key);
    };
    const tracking: ProxyHandler<Record<string, unknown>> = this.#track
      ? {
          get: (target, key) => {
            note(key);
            return Reflect.get(target, key);
          },
          has: (target, key) => {
            note(key);
            return Reflect.has(target, key);
          },
          ownKeys: (target) => {
            this.#scanned.add(collection);
            return Reflect.ownKeys(target);
          },
        }
      : {};
    view = new Proxy(live, {
      ...tracking,
      set: (target, key, value) => {
        if (typeof key !== 'string') return false;
        const before = Object.hasOwn(target, key) ? target[key] : undefined;
        this.#record(collection, target, key);
        target[key] = value;
        for (const observer of this.#observers) observer.write(collection, key, before, value);
        return true;
      },
      deleteProperty: (target, key) => {
        if (typeof key !== 'string' || !Object.hasOwn(target, key)) return true;
        const before = target[key];
        this.#record(collection, target, key);
        delete target[key];
        for (const observer of this.#observers) observer.write(collection, key, before, undefined);
        return true;
      },
      defineProperty: () => {
        throw new TypeError(`Replace entries of ${collection} by assignment.`);
      },
    });
    this.#views.set(collection, view);
    return view;
  }

  #record(collection: string | undefined, target: Record<string, unknown>, key: string): void {
    const existed = Object.hasOwn(target, key);
    const before = existed ? target[key] : undefined;
    this.#log.push({ collection, key, before, existed });
    if (collection === undefined) return;
    let firsts = this.#first.get(collection);
    if (!firsts) this.#first.set(collection, (firsts = new Map()));
    if (!firsts.has(key)) firsts.set(key, { before, existed });
  }
}

/** Header fields the store itself keeps: reading them says nothing about what a change depends on. */
export const STORE_FIELDS: ReadonlySet<string> = new Set(['revision', 'eventLogBytes']);

/** A fresh object without a prototype: keys such as `__proto__` or `constructor` are plain data in it. */
export function emptyRecord<V = unknown>(): Record<string, V> {
  return Object.create(null) as Record<string, V>;
}

/** A copy of `record` without a prototype. */
export function dataRecord<V>(record: Readonly<Record<string, V>>): Record<string, V> {
  const copy = emptyRecord<V>();
  for (const key of Object.keys(record)) copy[key] = record[key]!;
  return copy;
}
