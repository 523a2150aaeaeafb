import type { TaskService } from '../core/index.js';
import { allCards, allPlans, toActivity, workersView, type ActivityItem, type Card, type PlanSummary, type WorkersView } from './views.js';

/** The store as `orchestrator watch` shows it. */
export interface WatchData {
  dataDir: string;
  revision: number;
  now: Date;
  cards: Card[];
  workers: WorkersView;
  plans: PlanSummary[];
  activity: ActivityItem[];
}

const EVENTS = 50;

export async function readWatchData(service: TaskService): Promise<WatchData> {
  const doc = await service.snapshot();
  const now = service.now();
  const [workers, events] = await Promise.all([workersView(service), service.history({ limit: EVENTS })]);
  return {
    dataDir: service.paths.dir,
    revision: doc.revision,
    now,
    cards: allCards(doc, now),
    workers,
    plans: allPlans(doc),
    activity: events.map(toActivity),
  };
}

export interface WatchUpdate {
  data: WatchData;
  /** Events since the previous update (none in the first). */
  fresh: ActivityItem[];
}

/**
 * The store as it is, then again after every change any process commits, read from the change feed until
 * `signal` aborts. Changes that arrive while the store is being read are covered by that read.
 */
export async function* watchStore(service: TaskService, signal: AbortSignal): AsyncGenerator<WatchUpdate> {
  let data = await readWatchData(service);
  // The last event shown; the live document may be ahead of the event log, so events are followed on their own.
  let shown = lastRev(data.activity, 0);
  yield { data, fresh: [] };
  const changes = service.watch({ since: data.revision, signal })[Symbol.asyncIterator]();
  // Every change is read again in full, whatever it touched: a terminal shows the whole store.
  while (!(await changes.next()).done) {
    data = await readWatchData(service);
    const fresh = data.activity.filter((item) => item.rev > shown);
    shown = lastRev(fresh, shown);
    yield { data, fresh };
  }
}

function lastRev(items: readonly ActivityItem[], start: number): number {
  return items.reduce((last, item) => Math.max(last, item.rev), start);
}
