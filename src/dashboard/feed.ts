import { OrchestratorError } from '../errors.js';
import type { TaskService } from '../core/index.js';
import type { ChangeFeed } from './live.js';

/** The store's change feed, as the dashboard and `watch` read it. */
export function changeFeed(service: TaskService): ChangeFeed {
  const watch = (service as unknown as { watch?: ChangeFeed }).watch;
  if (typeof watch !== 'function') {
    throw new OrchestratorError('This store offers no change feed, so nothing can follow it live.', {
      code: 'USAGE',
      hint: 'Update orchestrator: live views need a store with a change feed.',
    });
  }
  return (options) => watch.call(service, options);
}
