import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { lockInfo } from '../../store/index.js';
import type { Connection } from '../connection.js';
import { plural } from '../present.js';
import { integrityProblemOutput, roleProblemOutput } from '../outputs.js';
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
        'validate_structure reports structural problems (dangling dependencies, cycles, orphaned subtasks, expired leases, plan statuses) and stalled plans. scan_cleanup also fixes what is safe (expired leases back to pending, orphans detached, plan statuses); the rest is for a person to decide.',
      input: {
        action: z.enum(['scan_cleanup', 'validate_structure']).describe('scan_cleanup: find and fix what is safe; validate_structure: only report'),
        dry_run: z.boolean().default(false).describe('With scan_cleanup: report what would be fixed without fixing it'),
      },
      output: z.object({
        action: z.enum(['scan_cleanup', 'validate_structure']),
        dryRun: z.boolean(),
        found: z.array(integrityProblemOutput),
        fixed: z.array(z.string()).describe('One line per fix made'),
        remaining: z.array(integrityProblemOutput),
        stalledPlans: z.array(z.object({ planId: z.string(), title: z.string(), reason: z.string().nullable() })),
        ok: z.boolean(),
      }),
      annotations: DESTRUCTIVE,
    },
    async (args, call) => {
      const { service } = connection;
      const found = await service.integrity();
      const fix = args.action === 'scan_cleanup' && !args.dry_run;
      const fixed = fix && found.some((problem) => problem.safeFix) ? await service.repair(connection.defaultWorker(), call.change()) : [];
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
        ...(stalledPlans.length > 0 ? ['Stalled plans:', ...stalledPlans.map((plan) => `- ${plan.planId} "${plan.title}": ${plan.reason}`)] : []),
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
      description: 'The server version, the store in use and why, whether it reads, who holds its lock, and role file problems.',
      input: {},
      output: z.object({
        status: z.enum(['ok', 'degraded', 'error']),
        version: z.string(),
        pid: z.number().int(),
        node: z.string(),
        uptimeSeconds: z.number(),
        dataDir: z.string(),
        storeRule: z.enum(['project_root', 'roots', 'data_dir_flag', 'env', 'working_directory']).describe('Which rule chose the store'),
        storeReason: z.string(),
        toolsets: z.array(z.string()),
        store: z
          .object({
            exists: z.boolean(),
            bytes: z.number().nullable().optional(),
            schemaVersion: z.number(),
            revision: z.number(),
            tasks: z.number().int(),
            archived: z.number().int(),
            workers: z.number().int(),
            sessions: z.number().int(),
          })
          .nullable(),
        lock: z.object({ held: z.boolean(), owner: z.looseObject({}).nullable() }),
        roles: z.object({ count: z.number().int(), problems: z.array(roleProblemOutput) }),
        checks: z.array(z.object({ name: z.string(), ok: z.boolean(), message: z.string(), hint: z.string().optional() })),
      }),
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
        message:
          connection.service.store.backend === 'postgres'
            ? "the database's own row locks (no lock file)"
            : lock
              ? `locked${owner ? ` by pid ${owner.pid} on ${owner.host} since ${owner.acquiredAt}` : ''}`
              : 'not locked',
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
      const status = checks.every((check) => check.ok) ? 'ok' : checks.find((check) => check.name === 'store')?.ok === false ? 'error' : 'degraded';
      const data = {
        status,
        version: connection.deps.version,
        pid: process.pid,
        node: process.version,
        uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
        dataDir: connection.dataDir,
        storeRule: connection.location.rule,
        storeReason: connection.location.reason,
        toolsets: connection.deps.toolsets.names,
        store,
        lock: { held: lock !== undefined, owner: owner ?? null },
        roles: { count: catalog.names().length, problems: catalog.problems },
        checks,
      };
      const text = [
        `Health: ${status} (orchestrator ${connection.deps.version}).`,
        `Store: ${connection.storeDescription}, chosen by ${connection.location.rule}: ${connection.location.reason}.`,
        ...checks.map((check) => `- ${check.name}: ${check.ok ? 'ok' : 'PROBLEM'} — ${check.message}${check.hint ? ` (${check.hint})` : ''}`),
      ].join('\n');
      return { text, data };
    },
  );
}
