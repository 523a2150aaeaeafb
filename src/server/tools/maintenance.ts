import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { lockInfo } from '../../store/index.js';
import type { Connection } from '../connection.js';
import { plural } from '../present.js';
import { DESTRUCTIVE, defineTool, READ_ONLY } from '../tool.js';

const startedAt = Date.now();

/** Keeping a store healthy: expired leases, orphaned subtasks, stalled plans, structural checks. */
export function registerMaintenanceTools(server: McpServer, connection: Connection): void {
  defineTool(
    server,
    connection,
    'orchestrator_maintenance_coordinator',
    {
      title: 'Check and clean up the store',
      description:
        'validate_structure reports structural problems (dangling dependencies, cycles, orphaned subtasks, expired leases, plan statuses) and ' +
        'stalled plans without changing anything. scan_cleanup also fixes what is safe: expired leases return to pending, orphaned subtasks ' +
        'are detached, plan statuses follow their subtasks. The rest is reported for a person to decide.',
      input: {
        action: z
          .enum(['scan_cleanup', 'validate_structure'])
          .describe('scan_cleanup: find and fix what is safe; validate_structure: only report'),
        dry_run: z.boolean().default(false).describe('With scan_cleanup: report what would be fixed without fixing it'),
      },
      annotations: DESTRUCTIVE,
    },
    async (args) => {
      const { service } = connection;
      const found = await service.integrity();
      const fix = args.action === 'scan_cleanup' && !args.dry_run;
      const fixed = fix && found.some((problem) => problem.safeFix) ? await service.repair(connection.defaultWorker()) : [];
      const remaining = fix ? await service.integrity() : found;
      const stalledPlans = (await service.activePlans())
        .filter((plan) => plan.stalled)
        .map((plan) => ({ planId: plan.planId, title: plan.title, reason: plan.stalled }));
      const lines = [
        found.length === 0 ? 'No structural problem found.' : `Found ${plural(found.length, 'problem')}:`,
        ...found.map((problem) => `- ${problem.kind}: ${problem.message}${problem.safeFix ? '' : ' (needs a person)'}`),
        ...(fix ? [fixed.length > 0 ? `Fixed:\n${fixed.map((line) => `- ${line}`).join('\n')}` : 'Nothing needed fixing.'] : []),
        ...(args.action === 'scan_cleanup' && args.dry_run
          ? [`Dry run: ${plural(found.filter((problem) => problem.safeFix).length, 'problem')} would be fixed.`]
          : []),
        ...(stalledPlans.length > 0
          ? ['Stalled plans:', ...stalledPlans.map((plan) => `- ${plan.planId} "${plan.title}": ${plan.reason}`)]
          : []),
      ];
      return {
        text: lines.join('\n'),
        data: {
          action: args.action,
          dryRun: args.dry_run,
          found,
          fixed,
          remaining,
          stalledPlans,
          ok: remaining.length === 0 && stalledPlans.length === 0,
        },
      };
    },
  );

  defineTool(
    server,
    connection,
    'orchestrator_health_check',
    {
      title: "Check the server's health",
      description:
        'Reports the server version, the data directory and why it was chosen, whether the store reads, who holds its lock, and role file problems.',
      input: {},
      annotations: READ_ONLY,
    },
    async () => {
      const checks: Array<{ name: string; ok: boolean; message: string; hint?: string }> = [];
      // The same readings `orchestrator doctor` makes: the store's own inspection, and what is on disk of its lock.
      const inspection = await connection.service.store.inspect();
      // A store that does not exist yet reads as the empty document.
      const doc = inspection.exists ? inspection.document : await connection.service.snapshot();
      const store = doc
        ? {
            exists: inspection.exists,
            bytes: inspection.bytes,
            schemaVersion: doc.schemaVersion,
            revision: doc.revision,
            tasks: Object.keys(doc.tasks).length,
            archived: Object.keys(doc.archived).length,
            workers: Object.keys(doc.workers).length,
            sessions: Object.keys(doc.sessions).length,
          }
        : null;
      if (doc) {
        checks.push({
          name: 'store',
          ok: true,
          message: inspection.exists
            ? `the store reads (schema ${doc.schemaVersion}, revision ${doc.revision})`
            : 'no store yet; it is created by the first change',
        });
      } else if (inspection.error) {
        checks.push({ name: 'store', ok: false, message: inspection.error.message, ...(inspection.error.hint && { hint: inspection.error.hint }) });
      }
      const lock = connection.service.store.backend === 'file' ? lockInfo(connection.service.paths.store) : undefined;
      const owner = lock?.owner;
      checks.push({
        name: 'lock',
        ok: true,
        message: lock ? `locked${owner ? ` by pid ${owner.pid} on ${owner.host} since ${owner.acquiredAt}` : ''}` : 'not locked',
      });
      const catalog = await connection.roles();
      checks.push({
        name: 'roles',
        ok: catalog.problems.length === 0,
        message:
          catalog.problems.length === 0
            ? `${catalog.names().length} roles`
            : catalog.problems.map((problem) => `${problem.file}${problem.line ? `:${problem.line}` : ''}: ${problem.message}`).join('; '),
      });
      const status = checks.every((check) => check.ok)
        ? 'ok'
        : checks.find((check) => check.name === 'store')?.ok === false
          ? 'error'
          : 'degraded';
      const data = {
        status,
        version: connection.deps.version,
        pid: process.pid,
        node: process.version,
        uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
        dataDir: connection.dataDir,
        dataDirReason: connection.location.resolved.reason,
        toolsets: connection.deps.toolsets,
        store,
        lock: { held: lock !== undefined, owner: owner ?? null },
        roles: { count: catalog.names().length, problems: catalog.problems },
        checks,
      };
      const text = [
        `Health: ${status} (orchestrator ${connection.deps.version}, data ${connection.dataDir}).`,
        ...checks.map(
          (check) => `- ${check.name}: ${check.ok ? 'ok' : 'PROBLEM'} — ${check.message}${check.hint ? ` (${check.hint})` : ''}`,
        ),
      ].join('\n');
      return { text, data };
    },
  );
}
