import { displayPath, findOnPath, pathsOf, type ClientDescriptor, type Platform, type ServerSpec } from '../../installer/index.js';
import type { CheckStatus, Machine } from '../types.js';

/**
 * The PATH of an app started from the Dock or a desktop launcher, which reads no shell profile: launchd's default
 * on macOS, systemd's default on Linux. Empty on Windows, where apps and terminals both take PATH from the
 * registry, so there is no second PATH to compare with.
 */
export function desktopPath(platform: Platform): string {
  if (platform === 'darwin') return '/usr/bin:/bin:/usr/sbin:/sbin';
  if (platform === 'linux') return '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
  return '';
}

export interface CommandVerdict {
  status: CheckStatus;
  message: string;
  fix?: string;
  /** The program the client will start, when it could be found. */
  resolved?: string;
  /** Whether starting it is worth trying (a handshake with a program that is not there tells nothing new). */
  startable: boolean;
}

/**
 * Whether the entry's command can be started the way the client starts it: no shell, so an absolute path that
 * is executable, or a bare name found on the PATH the client has. `repair` is the fix that rewrites our entry.
 */
export function checkCommand(spec: ServerSpec, client: ClientDescriptor, machine: Machine, repair: string | undefined): CommandVerdict {
  const { env } = machine;
  const p = pathsOf(env);
  const { command } = spec;
  const show = (file: string) => displayPath(env, file);
  if (p.isAbsolute(command)) {
    if (!env.probe.isExecutable(command)) {
      const exists = env.probe.list(p.dirname(command)).includes(p.basename(command));
      return {
        status: 'fail',
        message: exists ? `${show(command)} exists but cannot be executed` : `${show(command)} does not exist`,
        fix: repair ?? (exists ? `Make it executable (chmod +x ${command}).` : 'Install the program, or correct the path in the entry.'),
        startable: false,
      };
    }
    const script = missingScript(spec, machine);
    if (script) {
      const message = `${show(script)} does not exist: the server would exit at once`;
      return { status: 'fail', message, fix: repair ?? 'Correct the path in the entry.', resolved: command, startable: false };
    }
    return { status: 'ok', message: `${show(command)} (absolute path, executable)`, resolved: command, startable: true };
  }
  if (command.includes('/') || command.includes('\\')) {
    return {
      status: 'warn',
      message: `${command} is a relative path: it depends on the folder the client starts the server in, which clients do not promise`,
      fix: repair ?? 'Write the absolute path into the entry.',
      startable: true,
    };
  }
  const found = findOnPath(env, command);
  if (!found) {
    return {
      status: 'fail',
      message: `${command} is not on PATH (${env.pathEnv || 'empty'})`,
      fix: repair ?? `Install ${command}, or write its absolute path into the entry: clients start it without a shell.`,
      startable: false,
    };
  }
  if (env.platform === 'win32' && /\.(cmd|bat)$/i.test(found)) {
    return {
      status: 'fail',
      message: `${command} is ${found}, a batch file, which a client cannot start without a shell`,
      fix: repair ?? `Start it through cmd: "command": "cmd", "args": ["/c", "${command}", …].`,
      resolved: found,
      startable: false,
    };
  }
  const loginShell =
    client.pathSource === 'login-shell' ? `; ${client.name} reads your login shell's PATH when started from the Dock or a launcher` : '';
  return (
    onDesktopPath(client, machine, command, found, repair) ?? {
      status: 'ok',
      message: `${show(found)} (found on PATH${loginShell})`,
      resolved: found,
      startable: true,
    }
  );
}

/** A bare command found on this shell's PATH but not, or as another program, on the PATH Claude Desktop gets. */
function onDesktopPath(
  client: ClientDescriptor,
  machine: Machine,
  command: string,
  found: string,
  repair: string | undefined,
): CommandVerdict | undefined {
  if (client.pathSource !== 'desktop' || !machine.desktopPath) return undefined;
  const { env } = machine;
  const onDesktop = findOnPath({ ...env, pathEnv: machine.desktopPath }, command);
  if (onDesktop === found) return undefined;
  const fix =
    repair ??
    `Write absolute paths into the entry: \`orchestrator install --client ${client.id}\` does (its default launcher names Node and orchestrator by path).`;
  const started = `${client.name} started from the Dock or a launcher`;
  const message = onDesktop
    ? `${command} is ${displayPath(env, found)} in this shell, but ${started} finds ${onDesktop} first (PATH ${machine.desktopPath}): another version may run`
    : `${command} is found only through this shell's PATH (${displayPath(env, found)}); ${started} gets PATH ${machine.desktopPath} ` +
      `and will fail with "spawn ${command} ENOENT"`;
  return { status: 'warn', message, fix, resolved: found, startable: true };
}

/** Our node-launcher entry names bin/orchestrator.js by path: when that is gone, Node exits at once. */
function missingScript(spec: ServerSpec, machine: Machine): string | undefined {
  const script = spec.args[0];
  const p = pathsOf(machine.env);
  if (!script || !script.endsWith('orchestrator.js') || !p.isAbsolute(script)) return undefined;
  return machine.env.probe.list(p.dirname(script)).includes(p.basename(script)) ? undefined : script;
}
