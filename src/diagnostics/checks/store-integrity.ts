import type { IntegrityProblem, IntegrityProblemKind } from '../../core/index.js';
import type { CheckResult, CheckStatus } from '../types.js';

/** How each kind of integrity problem is reported: problems that block work fail; what `--fix` repairs warns. */
const KINDS: Record<IntegrityProblemKind, { title: string; status: CheckStatus; fix: string }> = {
  'dangling-dependency': {
    title: 'Dangling dependencies',
    status: 'fail',
    fix: 'Drop the dependency (`orchestrator tasks update <id> --remove-dep <missing>`) or create the missing task; --fix leaves this to you.',
  },
  'dependency-cycle': {
    title: 'Dependency cycle',
    status: 'fail',
    fix: 'Break the cycle: `orchestrator tasks update <id> --remove-dep <other>` on one task of it; --fix leaves this to you.',
  },
  'orphaned-subtask': {
    title: 'Orphaned subtasks',
    status: 'warn',
    fix: '`orchestrator doctor --fix` detaches them from the missing plan.',
  },
  'expired-lease': {
    title: 'Expired leases',
    status: 'warn',
    fix: '`orchestrator doctor --fix` returns them to pending (or marks them failed after their last attempt).',
  },
  'unknown-assignee': {
    title: 'Unknown assignees',
    status: 'warn',
    fix: 'If nobody is working on them, `orchestrator tasks reset <id> --force` returns them to pending.',
  },
  'plan-status': {
    title: 'Plan status',
    status: 'warn',
    fix: '`orchestrator doctor --fix` derives it from the subtasks again.',
  },
  'history-mismatch': {
    title: 'History agrees',
    status: 'fail',
    fix: 'Look at those tasks (`orchestrator tasks show <id>`, `orchestrator tasks log <id>`) and set them right, or restore a backup from before; --fix leaves this to you.',
  },
};

const SHOWN = 5;

/** One result per kind of problem found (`store.integrity.<kind>`), or one `store.integrity` result saying all is well. */
export function integrityResults(problems: readonly IntegrityProblem[], taskCount: number): CheckResult[] {
  if (problems.length === 0) {
    return [{ id: 'store.integrity', title: 'Integrity', status: 'ok', message: `no problems in ${taskCount} task${taskCount === 1 ? '' : 's'}` }];
  }
  const byKind = new Map<IntegrityProblemKind, IntegrityProblem[]>();
  for (const problem of problems) byKind.set(problem.kind, [...(byKind.get(problem.kind) ?? []), problem]);
  return [...byKind].map(([kind, found]) => {
    const { title, status, fix } = KINDS[kind];
    const shown = found.slice(0, SHOWN).map((problem) => problem.message);
    if (found.length > SHOWN) shown.push(`and ${found.length - SHOWN} more`);
    return {
      id: `store.integrity.${kind}`,
      title,
      status,
      message: shown.join(' '),
      fix,
      details: { kind, safeFix: found.every((problem) => problem.safeFix), problems: found },
    };
  });
}
