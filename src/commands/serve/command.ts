import { Option, type Command } from 'commander';
import { LOG_LEVELS } from '../../server/logger.js';
import { PROFILE_NAMES, TOOLSET_NAMES } from '../../server/toolsets.js';

type Handlers = typeof import('./handlers.js');

export function registerServeCommands(program: Command): void {
  program
    .command('serve')
    .description('run the MCP server (stdio by default; --http for Streamable HTTP)')
    .addOption(
      new Option('--toolsets <names>', `comma-separated profiles and toolsets to offer (default: $ORCHESTRATOR_TOOLSETS or the default profile)`),
    )
    .option('--list-tools', "print each profile's tools and what they cost in a model's context, then exit")
    .option('--json', 'with --list-tools: print JSON')
    .addOption(new Option('--log-level <level>', 'what to log on stderr (default: $ORCHESTRATOR_LOG_LEVEL or info)').choices(LOG_LEVELS))
    .option('--http', 'serve Streamable HTTP instead of stdio (or ORCHESTRATOR_HTTP=1)')
    .option('--port <port>', 'HTTP port (default: $ORCHESTRATOR_HTTP_PORT or 3335; 0 picks a free one)')
    .option('--host <host>', 'HTTP address to listen on (default: $ORCHESTRATOR_HTTP_HOST or 127.0.0.1); any other than loopback requires a token')
    .option(
      '--token <token>',
      'bearer token every HTTP request must carry (default: $ORCHESTRATOR_HTTP_TOKEN; prefer the variable: flags show in ps)',
    )
    .option('--allowed-hosts <list>', 'extra Host header values to accept, host:port, comma-separated (or ORCHESTRATOR_HTTP_ALLOWED_HOSTS)')
    .option('--allowed-origins <list>', 'browser origins allowed to call the server, comma-separated (or ORCHESTRATOR_HTTP_ALLOWED_ORIGINS)')
    .addHelpText(
      'after',
      `\nProfiles: ${PROFILE_NAMES.join(', ')} (default: the whole agent loop in few tools; standard: the four toolsets;\n` +
        'all: standard and the compatibility toolsets).\n' +
        `Toolsets: ${TOOLSET_NAMES.join(', ')}.\n` +
        'stdout carries only the protocol; logs go to stderr. With --http, / serves the web dashboard.\n\n' +
        'Client config (Claude Desktop, Cursor, Windsurf), or let `npx orchestrator-mcp install` write it:\n' +
        '  {"mcpServers": {"task-orchestrator": {"command": "npx", "args": ["-y", "orchestrator-mcp", "serve"]}}}\n' +
        'See docs/server.md for every tool, prompt and resource.',
    )
    .action(async (...args: unknown[]) => {
      const handlers: Handlers = await import('./handlers.js');
      await handlers.serve(...(args as Parameters<Handlers['serve']>));
    });
}
