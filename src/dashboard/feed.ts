import type { TaskService } from '../core/index.js';
import type { ChangeFeed } from './live.js';

/** The store's change feed (every change committed by any process), as the dashboard and `watch` read it. */
export function changeFeed(service: TaskService): ChangeFeed {
  return (options) => service.watch(options);
}
