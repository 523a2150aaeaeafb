import path from 'node:path';
import type { Command } from 'commander';
import { OrchestratorError } from '../../errors.js';
import {
  CLIENTS,
  clientsWithEntry,
  emptyReport,
  installerEnv,
  runClients,
  runInstall,
  runRollback,
  runRollbackList,
  runUninstall,
  specContext,
  type ClientId,
  type InstallerEnv,
  type Launcher,
  type Scope,
} from '../../installer/index.js';
import { redactUrlsIn } from '../../store/pg/url.js';
import { processOutput } from '../../ui/output.js';
import { chooseMany, requireTerminal } from '../../ui/prompts.js';
import { printClients, printRunList, printRunReport } from './present.js';

// Each handler turns options into one installer call (runX, which returns data) and prints the result as text
// or as the --json shape in docs/install.md. A run that skipped a client sets exit code 1 after printing, so
// --json still prints exactly one document.

interface InstallOptions {
  client?: ClientId[];
  scope: Scope;
  name: string;
  launcher: Launcher;
  dryRun?: boolean;
  yes?: boolean;
  verify: boolean;
  json?: boolean;
}

export async function install(options: InstallOptions, command: Command): Promise<void> {
  const out = processOutput();
  const env = installerEnv();
  const { dataDir, store } = command.optsWithGlobals<{ dataDir?: string; store?: string }>();
  const clients = options.client ?? (await pickToInstall(env, options));
  if (clients.length === 0) return void out.note('No client chosen: nothing was changed.');
  const report = await runInstall(
    {
      clients,
      scope: options.scope,
      name: options.name,
      launcher: options.launcher,
      dataDir: dataDir ? path.resolve(env.cwd, dataDir) : undefined,
      store,
      dryRun: Boolean(options.dryRun),
      verify: options.verify && !options.dryRun,
    },
    { env },
  );
  // The files get a database URL as given; what is printed (diffs, entries) never shows its password.
  const printed = redactIn(report);
  if (options.json) out.json(printed);
  else printRunReport(out, printed, env);
  if (!report.ok) process.exitCode = 1;
}

interface UninstallOptions {
  client?: ClientId[];
  scope?: Scope;
  name: string;
  dryRun?: boolean;
  yes?: boolean;
  json?: boolean;
}

export async function uninstall(options: UninstallOptions): Promise<void> {
  const out = processOutput();
  const env = installerEnv();
  const clients = options.client ?? (await pickToUninstall(env, options));
  if (clients.length === 0) {
    if (options.json) out.json(emptyReport('uninstall', options.name, Boolean(options.dryRun)));
    else out.line(`"${options.name}" is not configured in any client: nothing to remove.`);
    return;
  }
  const report = redactIn(await runUninstall({ clients, scope: options.scope, name: options.name, dryRun: Boolean(options.dryRun) }, { env }));
  if (options.json) out.json(report);
  else printRunReport(out, report, env);
  if (!report.ok) process.exitCode = 1;
}

export async function rollback(
  id: string | undefined,
  options: { list?: boolean; force?: boolean; dryRun?: boolean; json?: boolean },
): Promise<void> {
  const out = processOutput();
  const env = installerEnv();
  if (options.list) {
    const list = runRollbackList({ env });
    if (options.json) out.json(list);
    else printRunList(out, list, env);
    return;
  }
  const report = redactIn(await runRollback({ id, force: Boolean(options.force), dryRun: Boolean(options.dryRun) }, { env }));
  if (options.json) out.json(report);
  else printRunReport(out, report, env);
  if (!report.ok) process.exitCode = 1;
}

export async function clients(options: { name: string; json?: boolean }): Promise<void> {
  const out = processOutput();
  const env = installerEnv();
  const report = redactIn(runClients({ name: options.name }, env, specContext({ env })));
  if (options.json) out.json(report);
  else printClients(out, report, env);
}

const PICK_FLAGS = ['--client ID (repeatable) or --yes'];
const INSTALL_QUESTION = 'Which clients should use orchestrator?';
const UNINSTALL_QUESTION = 'Remove orchestrator from which clients?';

async function pickToInstall(env: InstallerEnv, options: InstallOptions): Promise<ClientId[]> {
  const detected = CLIENTS.filter((client) => client.scopes.includes(options.scope)).map((client) => ({ client, detection: client.detect(env) }));
  const found = detected.filter(({ detection }) => detection.detected);
  if (!options.yes) requireTerminal(PICK_FLAGS);
  if (found.length === 0) {
    throw new OrchestratorError(`No MCP client with a ${options.scope} config was found on this machine.`, {
      code: 'NOT_FOUND',
      hint: `Name the client to configure anyway: --client ${CLIENTS.filter((client) => client.scopes.includes(options.scope))
        .map((client) => client.id)
        .join('|')}. \`orchestrator clients\` shows what was looked for.`,
    });
  }
  if (options.yes) return found.map(({ client }) => client.id);
  return chooseMany(
    INSTALL_QUESTION,
    found.map(({ client, detection }) => ({ value: client.id, name: client.name, checked: true, description: detection.evidence.join('; ') })),
    { flags: PICK_FLAGS },
  );
}

async function pickToUninstall(env: InstallerEnv, options: UninstallOptions): Promise<ClientId[]> {
  if (!options.yes) requireTerminal(PICK_FLAGS);
  const holding = clientsWithEntry(runClients({ name: options.name }, env, specContext({ env }))).filter(
    (client) =>
      !options.scope || client.configs.some((config) => config.scope === options.scope && (config.state === 'current' || config.state === 'stale')),
  );
  if (options.yes || holding.length === 0) return holding.map((client) => client.id);
  return chooseMany(
    UNINSTALL_QUESTION,
    holding.map((client) => ({ value: client.id, name: client.name, checked: true })),
    { flags: PICK_FLAGS },
  );
}

/** `value` with every database URL in it shown without its password (entries, diffs). */
function redactIn<T>(value: T): T {
  return JSON.parse(JSON.stringify(value), (_key, item: unknown) => (typeof item === 'string' ? redactUrlsIn(item) : item)) as T;
}
