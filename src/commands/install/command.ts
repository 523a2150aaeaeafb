import { InvalidArgumentError, Option, type Command } from 'commander';
import { lazyAction } from '../lazy.js';
import { CLIENT_IDS, DEFAULT_SERVER_NAME, LAUNCHERS, SCOPES, SERVER_NAME_PATTERN } from '../../installer/constants.js';

/** --client values: repeatable, or comma-separated, each one a known client id. */
function clientList(value: string, previous: string[] = []): string[] {
  const ids = value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  for (const id of ids) {
    if (!(CLIENT_IDS as readonly string[]).includes(id)) throw new InvalidArgumentError(`unknown client "${id}" (known: ${CLIENT_IDS.join(', ')})`);
  }
  return [...new Set([...previous, ...ids])];
}

function serverName(value: string): string {
  if (!SERVER_NAME_PATTERN.test(value)) throw new InvalidArgumentError('use letters, digits, "-" and "_" only (at most 64)');
  return value;
}

const jsonOption = () => new Option('--json', 'print the result as JSON (see docs/install.md for the shape)');
const clientOption = () =>
  new Option('-c, --client <id>', `client to change (repeatable, or comma-separated): ${CLIENT_IDS.join(', ')}`).argParser(clientList);
const nameOption = () => new Option('--name <name>', 'name of the server entry').default(DEFAULT_SERVER_NAME).argParser(serverName);
const dryRunOption = () => new Option('--dry-run', 'print the diff of every file and the commands that would run; change nothing');

type Handlers = typeof import('./handlers.js');

const run = (name: keyof Handlers) => lazyAction(() => import('./handlers.js'), name);

export function registerInstallCommands(program: Command): void {
  program
    .command('install')
    .description('add orchestrator to your MCP clients (Claude Code, Claude Desktop, Cursor, VS Code, Codex, Gemini CLI, Cline and 13 more)')
    .addOption(clientOption())
    .addOption(
      new Option(
        '-s, --scope <scope>',
        'user: all your projects; project: a shared file in this project; local: only you, only this project (Claude Code)',
      )
        .choices(SCOPES)
        .default('user'),
    )
    .addOption(nameOption())
    .addOption(
      new Option(
        '--launcher <launcher>',
        'node: absolute paths of Node and orchestrator (works without your shell profile); npx: `npx -y orchestrator-mcp@<major> serve` (`cmd /c npx …` on Windows)',
      )
        .choices(LAUNCHERS)
        .default('node'),
    )
    .addOption(dryRunOption())
    .option('-y, --yes', 'configure every detected client without asking')
    .option('--no-verify', 'do not start the server to check the handshake after writing')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      '\nWithout --client, a terminal shows a list of the detected clients to choose from; without a terminal,\n' +
        'pass --client or --yes. Every changed file is backed up first (see `orchestrator rollback --list`).\n' +
        "The global --data-dir DIR is written into the entry as the server's data directory, and the global\n" +
        '--store postgres://... into its environment (ORCHESTRATOR_STORE; leave the password out of the URL and\n' +
        "keep it in ~/.pgpass, or it is stored in the client's config file; it is never printed).\n\n" +
        'Examples:\n' +
        '  orchestrator install\n' +
        '  orchestrator install --client cursor --client vscode --dry-run\n' +
        '  orchestrator install --client claude-code --scope project\n' +
        '  orchestrator install --client codex,gemini-cli,opencode\n' +
        '  orchestrator install --yes --data-dir ~/work/.task_orchestrator\n' +
        '  orchestrator install --yes --store postgres://agent@db.internal:5432/work',
    )
    .action(run('install'));

  program
    .command('uninstall')
    .description("remove orchestrator's entry from MCP clients; nothing else in their configs changes")
    .addOption(clientOption())
    .addOption(new Option('-s, --scope <scope>', 'only this scope (default: every scope)').choices(SCOPES))
    .addOption(nameOption())
    .addOption(dryRunOption())
    .option('-y, --yes', 'remove the entry from every client that has it, without asking')
    .addOption(jsonOption())
    .addHelpText('after', "\nA servers section or a file is removed only if orchestrator's install created it and it is empty again.")
    .action(run('uninstall'));

  program
    .command('rollback')
    .description('put back the files of one install or uninstall run as they were before it, file by file')
    .argument('[run-id]', 'the run to undo (default: the latest install or uninstall)')
    .option('--list', 'list the runs and their files')
    .option('--force', 'also restore files whose entry changed after the run (their current text is backed up first)')
    .addOption(dryRunOption())
    .addOption(jsonOption())
    .addHelpText(
      'after',
      '\nA file unchanged since the run gets its old bytes back; one changed since keeps those changes and loses only\n' +
        "orchestrator's entry; one whose entry changed too is skipped (exit code 1) unless --force.",
    )
    .action(run('rollback'));

  program
    .command('clients')
    .description('list the MCP clients: detected or not and why, their config files, and whether orchestrator is in them')
    .addOption(nameOption())
    .addOption(jsonOption())
    .action(run('clients'));
}
