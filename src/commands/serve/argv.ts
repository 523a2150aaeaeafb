import type { ServeOptions } from './settings.js';

// `orchestrator serve` is what MCP clients start, again and again: it is recognised here, before the command
// program loads, and served straight away. Anything this does not recognise (help, --list-tools, an unknown or
// malformed option) goes to the command program, which explains it.

const VALUE_OPTIONS = {
  '--toolsets': 'toolsets',
  '--log-level': 'logLevel',
  '--port': 'port',
  '--host': 'host',
  '--token': 'token',
  '--allowed-hosts': 'allowedHosts',
  '--allowed-origins': 'allowedOrigins',
} as const satisfies Record<string, keyof ServeOptions>;

const LOG_LEVELS = ['silent', 'error', 'warn', 'info', 'debug'];

export interface ServeInvocation {
  options: ServeOptions;
  dataDir: string | undefined;
  /** `--store`: a PostgreSQL URL for the tasks (the program's global option, as ORCHESTRATOR_STORE). */
  store?: string;
}

/** The options of a plain `orchestrator [--data-dir DIR] serve [options]`, or undefined for anything else. */
export function serveInvocation(args: readonly string[]): ServeInvocation | undefined {
  const options: ServeOptions = {};
  let dataDir: string | undefined;
  let store: string | undefined;
  let serve = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === 'serve' && !serve) {
      serve = true;
      continue;
    }
    const equals = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = equals > 0 ? arg.slice(0, equals) : arg;
    const inline = equals > 0 ? arg.slice(equals + 1) : undefined;
    if (name === '--http' && serve && inline === undefined) {
      options.http = true;
      continue;
    }
    const key =
      name === '--data-dir' ? 'dataDir' : name === '--store' ? 'store' : serve ? VALUE_OPTIONS[name as keyof typeof VALUE_OPTIONS] : undefined;
    if (!key) return undefined;
    const value = inline ?? args[++i];
    if (value === undefined || value === '' || (inline === undefined && value.startsWith('-'))) return undefined;
    if (key === 'dataDir') dataDir = value;
    else if (key === 'store') store = value;
    else if (key === 'logLevel') {
      if (!LOG_LEVELS.includes(value)) return undefined;
      options.logLevel = value as ServeOptions['logLevel'];
    } else options[key] = value;
  }
  return serve ? { options, dataDir, ...(store !== undefined && { store }) } : undefined;
}
