import { isDeepStrictEqual } from 'node:util';
import type { ServerSpec } from './entry.js';
import { plain } from './formats/data.js';

// How each client spells a server entry. Each shape writes exactly the keys its client accepts for a local
// (stdio) server, reads back every spelling the client accepts, and knows which keys are ours: on a reinstall
// those are rewritten and everything else a person or the client added to the entry (autoApprove, disabled,
// timeout, …) is kept.

export type ShapeId = 'command' | 'vscode' | 'zed' | 'claude-code' | 'codex' | 'opencode' | 'goose' | 'continue' | 'copilot';

interface Shape {
  write(spec: ServerSpec, name: string): Record<string, unknown>;
  /** The command an entry starts, in any spelling the client accepts; undefined for a remote (URL) entry. */
  read(value: Record<string, unknown>): ServerSpec | undefined;
  /** Keys that say how the server starts: replaced on a reinstall; all others are kept. */
  ours: readonly string[];
  /** Keys a reinstall removes: older spellings, or keys the client rejects. */
  drop?: readonly string[];
  /** Values the client treats as absent: an entry differing only by these is current. */
  absent: Record<string, unknown>;
}

const withEnv = (key: string, env: Record<string, string> | undefined) => (env && Object.keys(env).length > 0 ? { [key]: env } : {});

/** `command` + `args` + `env`, as Claude Desktop, Cursor and most clients write it. */
function flat(spec: ServerSpec): Record<string, unknown> {
  return { command: spec.command, args: spec.args, ...withEnv('env', spec.env) };
}

function readFlat(value: Record<string, unknown>, keys = { command: 'command', args: 'args', env: 'env' }): ServerSpec | undefined {
  const command = value[keys.command];
  if (typeof command !== 'string') return undefined;
  const args = value[keys.args];
  return { command, args: Array.isArray(args) ? args.map(String) : [], ...envOf(value[keys.env]) };
}

function envOf(value: unknown): { env?: Record<string, string> } {
  if (!isObject(value) || Object.keys(value).length === 0) return {};
  return { env: Object.fromEntries(Object.entries(value).map(([key, v]) => [key, String(v)])) };
}

const FLAT_KEYS = ['command', 'args', 'env', 'type'] as const;

const SHAPES: Record<ShapeId, Shape> = {
  command: { write: flat, read: (value) => readFlat(value), ours: FLAT_KEYS, absent: { env: {}, type: 'stdio' } },
  // VS Code requires the type and silently ignores an entry without it.
  vscode: { write: (spec) => ({ type: 'stdio', ...flat(spec) }), read: (value) => readFlat(value), ours: FLAT_KEYS, absent: { env: {} } },
  // Claude Code writes the type itself; writing it too keeps its file stable.
  'claude-code': {
    write: (spec) => ({ type: 'stdio', ...flat(spec) }),
    read: (value) => readFlat(value),
    ours: FLAT_KEYS,
    absent: { env: {}, type: 'stdio' },
  },
  // Zed's older `{"command": {"path", "args", "env"}}`, `"source": "custom"` and `"settings"` are read, never written.
  zed: {
    write: flat,
    read: (value) => (isObject(value.command) ? readFlat(value.command, { command: 'path', args: 'args', env: 'env' }) : readFlat(value)),
    ours: FLAT_KEYS,
    drop: ['source', 'settings'],
    absent: { env: {}, type: 'stdio' },
  },
  // Codex refuses its whole config.toml when a server entry has a `type`.
  codex: { write: flat, read: (value) => readFlat(value), ours: FLAT_KEYS, absent: { env: {} } },
  // opencode and Kilo: one `command` array, `environment`; unknown keys make the whole config invalid.
  opencode: {
    write: (spec) => ({ type: 'local', command: [spec.command, ...spec.args], ...withEnv('environment', spec.env) }),
    read: (value) => {
      if (!Array.isArray(value.command) || typeof value.command[0] !== 'string') return undefined;
      const [command, ...args] = value.command.map(String);
      return { command: command!, args, ...envOf(value.environment) };
    },
    ours: ['type', 'command', 'environment'],
    absent: { environment: {}, enabled: true },
  },
  // Goose's extensions: the name again inside, `cmd`, `envs`, and the fields its own docs always write.
  goose: {
    write: (spec, name) => ({
      name,
      type: 'stdio',
      enabled: true,
      cmd: spec.command,
      args: spec.args,
      envs: spec.env ?? {},
      env_keys: [],
      timeout: 300,
    }),
    read: (value) => readFlat(value, { command: 'cmd', args: 'args', env: 'envs' }),
    ours: ['name', 'type', 'cmd', 'args', 'envs'],
    absent: { envs: {}, env_keys: [] },
  },
  // Continue's config.yaml: a list of servers, each named by its `name`.
  continue: {
    write: (spec, name) => ({ name, ...flat(spec) }),
    read: (value) => readFlat(value),
    ours: ['name', 'type', 'command', 'args', 'env'],
    absent: { env: {}, type: 'stdio' },
  },
  // GitHub Copilot CLI: `type: "local"` and the tools to offer (all).
  copilot: {
    write: (spec) => ({ type: 'local', ...flat(spec), tools: ['*'] }),
    read: (value) => readFlat(value),
    ours: FLAT_KEYS,
    absent: { env: {} },
  },
};

/** The entry to write into a file, first time. */
export function entryFor(shape: ShapeId, spec: ServerSpec, name: string): Record<string, unknown> {
  return SHAPES[shape].write(spec, name);
}

/** The command an entry starts, read in any spelling the client accepts. */
export function specFromEntry(shape: ShapeId, value: unknown): ServerSpec | undefined {
  return isObject(value) ? SHAPES[shape].read(value) : undefined;
}

/**
 * The entry to write, given what is there now: environment variables someone added to our entry are kept, since
 * they are settings (toolsets, paths) that a reinstall after an upgrade should not throw away, and so is every key
 * that is not ours (a client's autoApprove list, a disabled switch, a timeout).
 */
export function desiredEntry(shape: ShapeId, spec: ServerSpec, name: string, existing: unknown): Record<string, unknown> {
  const definition = SHAPES[shape];
  const kept = specFromEntry(shape, existing)?.env;
  const env = spec.env || kept ? { ...kept, ...spec.env } : undefined;
  const written = definition.write(env ? { ...spec, env } : spec, name);
  if (!isObject(existing)) return written;
  const skip = new Set([...definition.ours, ...(definition.drop ?? [])]);
  const others = Object.fromEntries(Object.entries(existing).filter(([key]) => !skip.has(key)));
  return { ...written, ...others };
}

/** Whether an entry already says what we would write: values the client treats as absent make no difference. */
export function isSameEntry(shape: ShapeId, existing: unknown, wanted: unknown): boolean {
  return isDeepStrictEqual(normalise(shape, existing), normalise(shape, wanted));
}

/** Parsers hand back objects without a prototype (jsonc-parser) or with one: compared as the data they hold. */
function normalise(shape: ShapeId, value: unknown): unknown {
  if (!isObject(value)) return value;
  const absent = SHAPES[shape].absent;
  const data = plain(value) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(data).filter(([key, v]) => !(key in absent && isDeepStrictEqual(v, absent[key]))));
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
