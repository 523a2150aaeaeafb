import path from 'node:path';
import { OrchestratorError } from '../errors.js';
import { dataPaths, type DataPaths, type LoggedEvent, type StoreChange, type StoredArtifact } from '../store/index.js';
import { archiveTasks, readArchive } from './archive.js';
import { recallRequest, rememberRequest, type ChangeOptions } from './change-options.js';
import { dependencyOrder } from './graph.js';
import { checkIntegrity, repairIntegrity, type IntegrityProblem } from './integrity.js';
import { checkHistory } from './history-check.js';
import {
  cancelInputSchema,
  claimInputSchema,
  completeInputSchema,
  deleteInputSchema,
  failInputSchema,
  heartbeatInputSchema,
  nextInputSchema,
  asInputError,
  parseInput,
  resetInputSchema,
  taskFilterSchema,
  type CancelInput,
  type ClaimInput,
  type CompleteInput,
  type CreateTaskInput,
  type DeleteInput,
  type FailInput,
  type HeartbeatInput,
  type NextInput,
  type ResetInput,
  type TaskFilter,
  type UpdateTaskInput,
} from './inputs.js';
import { getTask, type Change } from './operations/common.js';
import { createTasks } from './operations/create.js';
import { cancelTask, deleteTask, updateTask } from './operations/edit.js';
import { claimNext, claimTask, claimWouldChange, completeTask, expireLeases, failTask, heartbeat, resetTask } from './operations/lifecycle.js';
import { submitWork } from './operations/outcome.js';
import { createPlan } from './operations/plan.js';
import { commitBatch, planBatch, summarizeBatch, type BatchSummary } from './operations/batch.js';
import { bulkChange } from './operations/bulk.js';
import { commitRecords, planRecords, summarizeRecords } from './operations/records.js';
import { batchInputSchema, recordsInputSchema, type BatchInput } from './batch-inputs.js';
import { bulkInputSchema, type BulkInput } from './bulk-inputs.js';
import { recordSession, type SessionRecord } from './operations/sessions.js';
import { bindSlot, claimSlot, releaseSlot } from './operations/slots.js';
import { activePlans, planProgress, requirePlan, recommendNext, stalledReason, type PlanProgress, type Recommendation } from './plans.js';
import { requestIdSchema, type ArtifactRef, type Session, type StoreDocument, type Task } from './schemas.js';
import { synthesizePlan, type Synthesis } from './synthesis.js';
import { listWorkers, type WorkerListing } from './workers.js';
import {
  planInputSchema,
  slotNumberSchema,
  submitInputSchema,
  submitWithArtifactInputSchema,
  type PlanInput,
  type SubmitInput,
  type SubmitWithArtifactInput,
} from './workflow-inputs.js';
import type { TaskStore } from './task-store.js';
import { optimizeStore, planOptimize, type OptimizeOptions, type OptimizePlan } from './optimize.js';
import { listTasks, taskDetails, taskGraph, type TaskDetails, type TaskGraph, type TaskList } from './queries.js';
import { DEFAULT_SETTINGS, type TaskServiceSettings } from './settings.js';
import { checkRole, type RolesSource } from './known-roles.js';
import { viewTask, type TaskView } from './views.js';
import { TaskIndex } from './task-index.js';

export { DEFAULT_SETTINGS, settingsFromEnv, type TaskServiceSettings } from './settings.js';
export type { ChangeOptions } from './change-options.js';
export type { TaskDetails, TaskGraph, TaskList } from './queries.js';

/**
 * Every task operation, once. The terminal and the MCP server are thin faces over this class: they parse what
 * they receive, call one method, and present the result.
 */
export class TaskService {
  readonly store: TaskStore;
  readonly settings: TaskServiceSettings;
  readonly paths: DataPaths;
  readonly #clock: () => Date;
  readonly #roles: RolesSource | undefined;
  readonly #index = new TaskIndex();

  /**
   * Without `roles`, any well-formed role name is accepted (for callers that have no role files). `dataDir` is the
   * project's data directory (roles, backups); by default the folder of a file store.
   */
  constructor(
    store: TaskStore,
    settings: Partial<TaskServiceSettings> = {},
    clock: () => Date = () => new Date(),
    deps: { roles?: RolesSource; dataDir?: string } = {},
  ) {
    this.store = store;
    this.settings = { ...DEFAULT_SETTINGS, ...settings };
    this.paths = dataPaths(deps.dataDir ?? path.dirname(store.location));
    this.#clock = clock;
    this.#roles = deps.roles;
    store.observe(this.#index);
  }

  // ---- reads -------------------------------------------------------------------------------------------------

  async get(id: string): Promise<TaskDetails> {
    const doc = await this.store.read();
    const archived = !doc.tasks[id] && doc.archived[id] ? (await readArchive(this.store)).tasks.get(id) : undefined;
    return taskDetails(doc, id, this.#clock(), archived);
  }

  /**
   * The text of one of a task's artifacts. Only artifacts the task lists are read, so an id alone never reaches
   * anything else in the store.
   */
  async readArtifact(taskId: string, artifactId: string): Promise<string> {
    const { task } = await this.get(taskId);
    if (!task.artifacts.some((artifact) => artifact.id === artifactId)) {
      throw new OrchestratorError(`Task "${taskId}" has no artifact "${artifactId}".`, {
        code: 'NOT_FOUND',
        hint: 'Show the task to see its artifacts.',
        details: { taskId, artifactId },
      });
    }
    return this.store.artifacts.read(taskId, artifactId);
  }

  async list(filter: TaskFilter = {}): Promise<TaskList> {
    return listTasks(await this.store.read(), parseInput(taskFilterSchema, filter), this.#clock());
  }

  /**
   * History from events.jsonl, oldest first; only one task's when `taskId` is given, only the events of changes
   * after revision `afterRevision` when given.
   */
  async history(options: { taskId?: string; limit?: number; afterRevision?: number } = {}): Promise<LoggedEvent[]> {
    const events = await this.store.readEvents();
    const { taskId, afterRevision } = options;
    const selected =
      taskId !== undefined || afterRevision !== undefined
        ? events.filter((event) => (taskId === undefined || event.taskId === taskId) && (afterRevision === undefined || event.rev > afterRevision))
        : events;
    return options.limit === undefined ? selected : selected.slice(-options.limit);
  }

  /**
   * The changes committed by any process after revision `since` (default: now), as they happen: the new revision
   * and the tasks and workers that changed. Changes arriving faster than they are read come merged into one;
   * `reset` means the watcher lost track and should read everything again. Ends when `signal` aborts.
   */
  watch(options: { since?: number | undefined; signal?: AbortSignal | undefined } = {}): AsyncIterableIterator<TaskChange> {
    const changes = this.store.watch(options);
    const present = (change: StoreChange): TaskChange => {
      const { tasks = [], archived = [], workers = [] } = change.changed;
      return { revision: change.revision, taskIds: [...new Set([...tasks, ...archived])], workerIds: workers, reset: change.reset };
    };
    return {
      [Symbol.asyncIterator]() {
        return this;
      },
      next: async () => {
        const next = await changes.next();
        return next.done ? next : { done: false, value: present(next.value) };
      },
      return: async (): Promise<IteratorResult<TaskChange>> => {
        await changes.return!();
        return { done: true, value: undefined };
      },
    };
  }

  /** The dependency graph of all tasks, or of one plan's subtasks, in dependency order. */
  async graph(options: { parentId?: string } = {}): Promise<TaskGraph> {
    return taskGraph(await this.store.read(), this.#clock(), options.parentId);
  }

  /** The raw document, for faces that derive their own summaries. Read-only. */
  snapshot(): Promise<StoreDocument> {
    return this.store.read();
  }

  /** The answer a change sent with `requestId` gave, while it is kept; undefined when there is none. */
  async recall(requestId: string, op: string): Promise<{ result: unknown } | undefined> {
    return recallRequest(await this.store.read(), parseInput(requestIdSchema, requestId), op, this.#clock());
  }

  // ---- changes -----------------------------------------------------------------------------------------------

  async create(input: CreateTaskInput, actor: string, options?: ChangeOptions): Promise<TaskView> {
    const [task] = await this.createMany([input], actor, options);
    return task!;
  }

  /** Creates tasks as one change: all of them, or none if any is invalid. Returned in dependency order. */
  async createMany(inputs: readonly CreateTaskInput[], actor: string, options?: ChangeOptions): Promise<TaskView[]> {
    await this.#checkRoles(inputs.map((input) => [input.role, inputs.length > 1 ? ` for task "${input.title}"` : '']));
    return this.#change(actor, 'create', options, (change) => {
      const created = createTasks(change, inputs, this.settings);
      const order = dependencyOrder(
        created.map((task) => task.id),
        (id) => change.doc.tasks[id]?.dependencies ?? [],
      );
      return order.map((id) => change.doc.tasks[id]!);
    });
  }

  async update(id: string, input: UpdateTaskInput, actor: string, options?: ChangeOptions): Promise<TaskView> {
    await this.#checkRoles([[input.role, '']]);
    return this.#change(actor, 'update', options, (change) => updateTask(change, id, input));
  }

  start(id: string, input: ClaimInput, waiting?: ChangeOptions): Promise<TaskView> {
    const options = parseInput(claimInputSchema, input);
    return this.#change(options.worker, 'claim', waiting, (change) =>
      claimTask(change, id, { ...options, leaseSeconds: options.leaseSeconds ?? this.settings.leaseSeconds }),
    );
  }

  /** Claims the best ready task for a worker; null when nothing is ready. */
  async next(input: NextInput, waiting?: ChangeOptions): Promise<TaskView | null> {
    const options = parseInput(nextInputSchema, input);
    // A retry is answered as the first call was, even when nothing would be claimed now.
    const first = waiting?.requestId === undefined ? undefined : await this.recall(waiting.requestId, 'next');
    if (first) return first.result as TaskView | null;
    if (this.store.exclusiveChanges && !claimWouldChange(await this.store.read(), this.#index, options, this.#clock())) return null;
    return this.#change(options.worker, 'next', waiting, (change) =>
      claimNext(change, { ...options, leaseSeconds: options.leaseSeconds ?? this.settings.leaseSeconds }),
    );
  }

  heartbeat(id: string, input: HeartbeatInput, waiting?: ChangeOptions): Promise<TaskView> {
    const options = parseInput(heartbeatInputSchema, input);
    return this.#change(options.worker, 'heartbeat', waiting, (change) =>
      heartbeat(change, id, { ...options, leaseSeconds: options.leaseSeconds ?? this.settings.leaseSeconds }),
    );
  }

  complete(id: string, input: CompleteInput, waiting?: ChangeOptions): Promise<TaskView> {
    const options = parseInput(completeInputSchema, input);
    return this.#change(options.worker, 'complete', waiting, (change) => completeTask(change, id, options));
  }

  fail(id: string, input: FailInput, waiting?: ChangeOptions): Promise<TaskView> {
    const options = parseInput(failInputSchema, input);
    return this.#change(options.worker, 'fail', waiting, (change) => failTask(change, id, options));
  }

  reset(id: string, input: ResetInput, waiting?: ChangeOptions): Promise<TaskView> {
    const options = parseInput(resetInputSchema, input);
    return this.#change(options.actor, 'reset', waiting, (change) => resetTask(change, id, options));
  }

  /** Cancels a task (and a plan's unfinished subtasks); returns every task cancelled, the given one first. */
  cancel(id: string, input: CancelInput, waiting?: ChangeOptions): Promise<TaskView[]> {
    const options = parseInput(cancelInputSchema, input);
    return this.#change(options.actor, 'cancel', waiting, (change) => cancelTask(change, id, options));
  }

  /**
   * Deletes a task (and a plan's subtasks) and their artifact files; returns what was deleted, as it was. The
   * files go after the commit: a refused delete keeps them, and a process killed in between leaves only files
   * that no task names (which `doctor` can see), never a task whose files are gone.
   */
  async delete(id: string, input: DeleteInput, waiting?: ChangeOptions): Promise<Task[]> {
    const options = parseInput(deleteInputSchema, input);
    const deleted = await this.#mutate(options.actor, 'delete', waiting, (change) => deleteTask(change, id, options));
    for (const task of deleted) await this.store.artifacts.remove(task.id);
    return deleted;
  }

  /** Moves finished tasks (and their subtasks) to the archive; see core/archive.ts. Returns them as they were. */
  async archive(ids: readonly string[], input: DeleteInput, waiting?: ChangeOptions): Promise<Task[]> {
    const options = parseInput(deleteInputSchema, input);
    return this.#mutate(options.actor, 'archive', waiting, (change) => archiveTasks(change, ids, { force: options.force }));
  }

  /** Problems in the store's structure (see core/integrity.ts). */
  async integrity(): Promise<IntegrityProblem[]> {
    return checkIntegrity(await this.store.read(), this.#clock());
  }

  /** Where events.jsonl and the store disagree (see core/history-check.ts). */
  async historyProblems(): Promise<IntegrityProblem[]> {
    // The document `read` returns is the live one: it moves when the events are read after a commit elsewhere.
    // Compare them only when its revision stayed put while the events were read (a few tries).
    for (let attempt = 0; ; attempt++) {
      const doc = await this.store.read();
      const revision = doc.revision;
      const events = await this.store.readEvents();
      if ((await this.store.read()).revision === revision || attempt >= 4)
        return checkHistory(
          doc,
          events.filter((event) => event.rev <= doc.revision),
        );
    }
  }

  /** Applies the safe integrity fixes; returns a line per fix. */
  repair(actor: string, waiting?: ChangeOptions): Promise<string[]> {
    return this.#mutate(actor, 'repair', waiting, repairIntegrity);
  }

  /**
   * Archives old finished tasks and compacts the event log (see core/optimize.ts) as one change; with `dryRun`,
   * only says what it would do.
   */
  async optimize(options: OptimizeOptions & { dryRun?: boolean }, actor: string): Promise<OptimizePlan> {
    if (options.dryRun) {
      const [doc, events] = [await this.store.read(), await this.store.readEvents()];
      return planOptimize(doc, events, options, this.#clock(), (now) => this.store.eventArchiveName(now));
    }
    const plan = await this.#mutate(actor, 'optimize', undefined, (change) =>
      optimizeStore(change, options, (now) => this.store.eventArchiveName(now)),
    );
    await this.store.fold();
    return plan;
  }

  /** Returns expired leases to the pool (or fails tasks out of attempts). */
  expireLeases(actor: string, waiting?: ChangeOptions): Promise<TaskView[]> {
    return this.#change(actor, 'expire', waiting, (change) => expireLeases(change));
  }

  // ---- workflow: plans, submitted work, workers, sessions --------------------------------------------------

  /** The service's clock, so that faces judge leases and idleness by the same time. */
  now(): Date {
    return this.#clock();
  }

  /** Creates a plan and its subtasks as one change (see operations/plan.ts); subtasks in dependency order. */
  async createPlan(input: PlanInput, actor: string, waiting?: ChangeOptions): Promise<{ plan: TaskView; subtasks: TaskView[] }> {
    const data = parseInput(planInputSchema, input);
    await this.#checkRoles(data.subtasks.map((subtask) => [subtask.role, ` for subtask "${subtask.title}"`]));
    const [plan, ...subtasks] = await this.#change(actor, 'plan', waiting, (change) => {
      const created = createPlan(change, data, this.settings);
      const order = dependencyOrder(
        created.subtasks.map((task) => task.id),
        (id) => change.doc.tasks[id]?.dependencies ?? [],
      );
      return [created.plan, ...order.map((id) => change.doc.tasks[id]!)];
    });
    return { plan: plan!, subtasks };
  }

  /** Records submitted work and completes, revises or blocks the task (see operations/outcome.ts). */
  submit(id: string, input: SubmitInput, waiting?: ChangeOptions): Promise<TaskView> {
    const options = parseInput(submitInputSchema, input);
    return this.#change(options.worker, 'submit', waiting, (change) => submitWork(change, id, options));
  }

  /**
   * Submits work whose full text is kept as an artifact file: the file is written first, so the task never
   * names a file that is not there, and removed again if the submission is refused. With a request id, a retry
   * finds the first answer before writing anything, and a retry that raced the first removes the file it wrote:
   * the artifact of the answer is always the one the submission recorded.
   */
  async submitWithArtifact(
    id: string,
    input: SubmitWithArtifactInput,
    waiting?: ChangeOptions,
  ): Promise<{ task: TaskView; artifact: ArtifactRef & StoredArtifact }> {
    const { detailedWork, artifactType, ...submission } = parseInput(submitWithArtifactInputSchema, input);
    const recorded = (task: TaskView) => task.artifacts[task.artifacts.length - 1] as ArtifactRef & StoredArtifact;
    const first = waiting?.requestId === undefined ? undefined : await this.recall(waiting.requestId, 'submit');
    if (first) {
      const task = first.result as TaskView;
      return { task, artifact: recorded(task) };
    }
    // No file for a task that does not exist.
    getTask(await this.store.read(), id);
    const stored = await this.store.artifacts.write(id, detailedWork, this.#clock());
    const artifact = { ...stored, type: artifactType };
    let task: TaskView;
    try {
      task = await this.submit(id, { ...submission, artifacts: [artifact] }, waiting);
    } catch (error) {
      await this.store.artifacts.remove(id, stored.id);
      throw error;
    }
    if (recorded(task).id === stored.id) return { task, artifact };
    await this.store.artifacts.remove(id, stored.id);
    return { task, artifact: recorded(task) };
  }

  async planProgress(planId: string): Promise<PlanProgress> {
    const doc = await this.store.read();
    requirePlan(doc, planId, 'it is not a plan', this.#index.lookup);
    return planProgress(doc, planId, this.#index.lookup)!;
  }

  /** Unfinished plans, most recently changed first, each with why it is stalled (null while it can move). */
  async activePlans(): Promise<Array<PlanProgress & { stalled: string | null }>> {
    const doc = await this.store.read();
    return activePlans(doc).map((progress) => ({ ...progress, stalled: stalledReason(doc, progress.planId) }));
  }

  /** The task that `next` would hand out now, without claiming it. */
  async recommend(options: { parentId?: string; roles?: readonly string[] } = {}): Promise<Recommendation | null> {
    return recommendNext(await this.store.read(), options, this.#index);
  }

  async synthesize(planId: string): Promise<Synthesis> {
    return synthesizePlan(await this.store.read(), planId);
  }

  async workers(): Promise<WorkerListing> {
    return listWorkers(await this.store.read(), this.#clock(), { staleSeconds: this.settings.leaseSeconds, slotLimit: this.settings.workerSlots });
  }

  /** Claims a worker slot, for the worker or, without one, under a placeholder id (see operations/slots.ts). */
  claimSlot(worker: string | undefined, actor: string, waiting?: ChangeOptions): Promise<{ slot: number; worker: string }> {
    return this.#mutate(actor, 'claim-slot', waiting, (change) => claimSlot(change, { worker, ...this.#slotOptions() }));
  }

  releaseSlot(slot: number, actor: string, waiting?: ChangeOptions): Promise<{ released: boolean; worker: string | null }> {
    const number = parseInput(slotNumberSchema, slot);
    return this.#mutate(actor, 'release-slot', waiting, (change) => releaseSlot(change, number));
  }

  /** Claims a task for a worker in the given slot, binding the slot to the worker, as one change. */
  startInSlot(id: string, input: ClaimInput & { slot: number }, waiting?: ChangeOptions): Promise<TaskView> {
    const options = parseInput(claimInputSchema, input);
    const slot = parseInput(slotNumberSchema, input.slot);
    return this.#change(options.worker, 'claim-in-slot', waiting, (change) => {
      bindSlot(change, options.worker, slot, this.#slotOptions());
      return claimTask(change, id, { ...options, leaseSeconds: options.leaseSeconds ?? this.settings.leaseSeconds });
    });
  }

  recordSession(input: SessionRecord, actor: string, waiting?: ChangeOptions): Promise<Session> {
    return this.#mutate(actor, 'session', waiting, (change) => recordSession(change, input));
  }

  // ---- batches: templates, imports and changes to many tasks ------------------------------------------------

  /** What a batch would create and update (see operations/batch.ts), without changing anything. */
  async planBatch(input: BatchInput): Promise<BatchSummary> {
    const data = parseInput(batchInputSchema, input);
    await this.#checkRoles(data.tasks.map((task) => [task.role, ` for "${task.title}"`]));
    const options = { parentId: data.parentId ?? null, via: data.via };
    return summarizeBatch(planBatch(await this.store.read(), data.tasks, options, this.#clock(), this.settings));
  }

  /** Creates a batch's new tasks and updates the ones brought in before, as one change: all of it or nothing. */
  async applyBatch(input: BatchInput, actor: string, waiting?: ChangeOptions): Promise<BatchSummary & { tasks: TaskView[] }> {
    const data = parseInput(batchInputSchema, input);
    await this.#checkRoles(data.tasks.map((task) => [task.role, ` for "${task.title}"`]));
    const options = { parentId: data.parentId ?? null, via: data.via };
    return this.#mutate(actor, 'apply-batch', waiting, (change) => {
      const plan = planBatch(change.doc, data.tasks, options, change.tx.now, this.settings);
      const ids = commitBatch(change, plan, data.via);
      return { ...summarizeBatch(plan), tasks: ids.map((id) => viewTask(change.doc, change.doc.tasks[id]!, change.tx.now, change.index)) };
    });
  }

  /** What bringing back whole task records (a `db export --format md` folder) would change. */
  async planRecords(records: readonly Task[], parentId: string | null = null): Promise<BatchSummary> {
    const data = parseInput(recordsInputSchema, records);
    return summarizeRecords(planRecords(await this.store.read(), data, parentId));
  }

  /** Adds the records whose ids are new and replaces the tasks that differ, as one change. */
  async applyRecords(records: readonly Task[], actor: string, parentId: string | null = null, waiting?: ChangeOptions): Promise<BatchSummary> {
    const data = parseInput(recordsInputSchema, records);
    return this.#mutate(actor, 'apply-records', waiting, (change) => {
      const plan = planRecords(change.doc, data, parentId);
      commitRecords(change, plan);
      return summarizeRecords(plan);
    });
  }

  /**
   * Applies one action to many tasks as one change (see operations/bulk.ts). With `dryRun` the change is worked
   * out in full, under the lock, and then dropped: the answer is what it would do, refusals included.
   */
  async bulk(input: BulkInput, options: { dryRun?: boolean; waiting?: ChangeOptions } = {}): Promise<BulkResult> {
    const data = parseInput(bulkInputSchema, input);
    if (data.action === 'update') await this.#checkRoles([[data.patch.role, '']]);
    const run = (change: Change): BulkResult => {
      const outcome = bulkChange(change, data);
      const view = (task: Task) => viewTask(change.doc, task, change.tx.now, change.index);
      return {
        action: data.action,
        selected: outcome.selected,
        tasks: outcome.changed.map(view),
        deleted: outcome.deleted,
        covered: outcome.covered,
      };
    };
    if (options.dryRun) return this.#dryRun(data.actor, options.waiting, run);
    const result = await this.#mutate(data.actor, `bulk-${data.action}`, options.waiting, run);
    for (const task of result.deleted) await this.store.artifacts.remove(task.id);
    return result;
  }

  /** Refuses role names no role is defined for (see known-roles.ts); the catalog loads only when one is named. */
  async #checkRoles(named: ReadonlyArray<readonly [string | null | undefined, string]>): Promise<void> {
    if (!this.#roles || named.every(([name]) => name === null || name === undefined)) return;
    const known = await this.#roles();
    for (const [name, where] of named) checkRole(name, known, this.paths.roles, where);
  }

  #slotOptions() {
    return { limit: this.settings.workerSlots, staleSeconds: this.settings.leaseSeconds };
  }

  /**
   * Runs an operation as one store change (`waiting` says how to wait for the lock: a signal to give up, a
   * callback while waiting). Input errors from zod become INVALID_INPUT errors naming the field. With a request
   * id, the answer is kept in the same commit, and a retry gets it back without running the operation again.
   */
  async #mutate<R>(actor: string, op: string, waiting: ChangeOptions | undefined, operation: (change: Change) => R): Promise<R> {
    const { requestId: given, ...lock } = waiting ?? {};
    try {
      const requestId = given === undefined ? undefined : parseInput(requestIdSchema, given);
      return await this.store.mutate((doc, tx) => {
        if (requestId !== undefined) {
          const known = recallRequest(doc, requestId, op, tx.now);
          if (known) return known.result as R;
        }
        const result = operation({ doc, tx, actor, index: this.#index });
        if (requestId !== undefined) {
          // The live document the index follows: reading it records nothing (see rememberRequest).
          const live = this.#index.document as Partial<Pick<StoreDocument, 'requests'>>;
          rememberRequest(doc, requestId, op, result, tx.now, live.requests ? { requests: live.requests } : doc);
          tx.markChanged();
        }
        return result;
      }, lock);
    } catch (error) {
      throw asInputError(error);
    }
  }

  /**
   * Runs an operation on the store as #mutate does, then drops every edit it made: nothing is written. A request
   * id is not remembered, since nothing was done.
   */
  async #dryRun<R>(actor: string, waiting: ChangeOptions | undefined, operation: (change: Change) => R): Promise<R> {
    const { requestId: _unused, ...lock } = waiting ?? {};
    let outcome: { value: R } | undefined;
    try {
      await this.#mutate(actor, 'dry-run', lock, (change) => {
        outcome = { value: operation(change) };
        throw DRY_RUN;
      });
    } catch (error) {
      if (error !== DRY_RUN || !outcome) throw error;
    }
    return outcome!.value;
  }

  /** Like #mutate, and presents the tasks the operation returns as views of the committed document. */
  #change<R extends Task | Task[] | null>(
    actor: string,
    op: string,
    waiting: ChangeOptions | undefined,
    operation: (change: Change) => R,
  ): Promise<Viewed<R>> {
    return this.#mutate(actor, op, waiting, (change) => {
      const result = operation(change);
      const present = (task: Task) => viewTask(change.doc, change.doc.tasks[task.id] ?? task, change.tx.now, change.index);
      return (result === null ? null : Array.isArray(result) ? result.map(present) : present(result as Task)) as Viewed<R>;
    });
  }
}

/** What `watch` yields: the revision reached, and what changed since the previous one it yielded. */
export interface TaskChange {
  revision: number;
  /** Tasks created, changed, deleted or archived. */
  taskIds: string[];
  workerIds: string[];
  /** The watcher lost track (a restore, a reload): read everything again. */
  reset: boolean;
}

/** What a change to many tasks did, or would do. */
export interface BulkResult {
  action: BulkInput['action'];
  /** The tasks chosen: the ids given, or the ones the filter matched when the change was made. */
  selected: string[];
  /** Every task changed, as it is afterwards (a cancelled plan's subtasks included). */
  tasks: TaskView[];
  /** Deleted tasks, as they were. */
  deleted: Task[];
  /** Chosen tasks an earlier step already took care of (a plan's subtask cancelled with it). */
  covered: string[];
}

/** Thrown inside a dry run's change so that the store undoes it; never leaves #dryRun. */
const DRY_RUN = Symbol('dry run');

type Viewed<R> = R extends null ? null : R extends Task[] ? TaskView[] : R extends Task ? TaskView : never;
