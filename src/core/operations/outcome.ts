import type { ArtifactRef, Task } from '../schemas.js';
import type { NextAction } from '../workflow-inputs.js';
import { getTask, replaceTask, rollUp, type Change } from './common.js';
import { actingWorker, checkFinishable, completeTask, type HolderOptions } from './lifecycle.js';

export interface SubmitOptions extends HolderOptions {
  summary: string;
  artifacts: readonly ArtifactRef[];
  filePaths: readonly string[];
  nextAction: NextAction;
}

/**
 * Records the work a worker submits for a task it holds, and moves the task according to `nextAction`:
 * - `complete` / `continue`: the task is completed;
 * - `needs_revision`: the work is kept, the task returns to pending (its dependents stay blocked) so it is
 *   handed out again;
 * - `blocked`: the work is kept and the task fails with the summary as its error, until someone resets it.
 * The action is kept in `metadata.nextAction`, so a revision or a blocker is never mistaken for completion.
 */
export function submitWork(change: Change, id: string, options: SubmitOptions): Task {
  const metadata = {
    nextAction: options.nextAction,
    ...(options.filePaths.length > 0 && { filePaths: [...options.filePaths] }),
  };
  if (options.nextAction === 'complete' || options.nextAction === 'continue') {
    return completeTask(change, id, {
      worker: options.worker,
      claimToken: options.claimToken,
      summary: options.summary,
      artifacts: options.artifacts,
      metadata,
      force: false,
    });
  }
  const task = getTask(change.doc, id);
  const worker = actingWorker(task, options);
  checkFinishable(change, task, worker, false, 'submit work for');
  const kept: Partial<Task> = {
    assignee: options.nextAction === 'blocked' ? worker : null,
    lease: null,
    summary: options.summary,
    artifacts: [...task.artifacts, ...options.artifacts],
    metadata: { ...task.metadata, ...metadata },
  };
  const after =
    options.nextAction === 'needs_revision'
      ? replaceTask(change, task, { ...kept, status: 'pending' }, 'revise', { worker })
      : replaceTask(change, task, { ...kept, status: 'failed', error: `Blocked: ${options.summary}`, attempts: task.attempts + 1 }, 'fail', {
          error: 'blocked',
        });
  rollUp(change, [task.parentId]);
  return change.doc.tasks[after.id]!;
}
