import { describe, expect, test } from 'vitest';
import { checkCommand, desktopPath } from '../../src/diagnostics/clients/command.js';
import type { Machine } from '../../src/diagnostics/index.js';
import { getClient, installerEnv, type FileProbe, type Platform } from '../../src/installer/index.js';

/** A machine described by the files it has (path -> executable?), on any platform. */
function machine(platform: Platform, files: Record<string, boolean>, pathEnv: string, desktop = desktopPath(platform)): Machine {
  const win = platform === 'win32';
  const probe: FileProbe = {
    isDirectory: () => false,
    isExecutable: (p) => files[p] === true,
    list: (dir) =>
      Object.keys(files)
        .filter((file) => file.slice(0, file.lastIndexOf(win ? '\\' : '/')) === dir)
        .map((file) => file.slice(file.lastIndexOf(win ? '\\' : '/') + 1)),
  };
  const home = win ? 'C:\\Users\\ada' : '/Users/ada';
  const env = installerEnv({ platform, home, cwd: home, pathEnv, probe, orchestratorHome: `${home}/.task_orchestrator` }, {});
  return {
    env,
    spec: { platform, nodePath: '/usr/bin/node', binPath: '/opt/o/bin/orchestrator.js' },
    desktopPath: desktop,
    handshakeTimeoutMs: 1_000,
  };
}

const desktop = getClient('claude-desktop');
const cursor = getClient('cursor');

describe("how a client will start an entry's command", () => {
  test('an absolute path: executable, present but not executable, missing; our bin script gone', () => {
    const m = machine('darwin', { '/usr/local/bin/node': true, '/opt/o/bin/orchestrator.js': true, '/opt/plain': false }, '');
    expect(checkCommand({ command: '/usr/local/bin/node', args: ['/opt/o/bin/orchestrator.js', 'serve'] }, desktop, m, undefined)).toMatchObject({
      status: 'ok',
      startable: true,
    });
    expect(checkCommand({ command: '/opt/plain', args: [] }, desktop, m, undefined)).toMatchObject({
      status: 'fail',
      message: '/opt/plain exists but cannot be executed',
      fix: 'Make it executable (chmod +x /opt/plain).',
    });
    expect(checkCommand({ command: '/opt/gone', args: [] }, desktop, m, 'REPAIR')).toMatchObject({
      status: 'fail',
      message: '/opt/gone does not exist',
      fix: 'REPAIR',
      startable: false,
    });
    expect(checkCommand({ command: '/usr/local/bin/node', args: ['/old/bin/orchestrator.js', 'serve'] }, desktop, m, undefined)).toMatchObject({
      status: 'fail',
      message: '/old/bin/orchestrator.js does not exist: the server would exit at once',
    });
  });

  test('macOS: npx under nvm is on the terminal PATH only, which Claude Desktop does not get; Cursor reads a login shell', () => {
    const nvm = '/Users/ada/.nvm/versions/node/v22.1.0/bin';
    const m = machine('darwin', { [`${nvm}/npx`]: true }, `${nvm}:/usr/bin:/bin`);
    const spec = { command: 'npx', args: ['-y', 'orchestrator-mcp@0', 'serve'] };
    expect(checkCommand(spec, desktop, m, undefined)).toMatchObject({
      status: 'warn',
      message:
        'npx is found only through this shell\'s PATH (~/.nvm/versions/node/v22.1.0/bin/npx); Claude Desktop started from the Dock or a launcher gets PATH /usr/bin:/bin:/usr/sbin:/sbin and will fail with "spawn npx ENOENT"',
    });
    expect(checkCommand(spec, cursor, m, undefined)).toMatchObject({ status: 'ok', resolved: `${nvm}/npx` });
    expect(checkCommand(spec, getClient('claude-code'), m, undefined).message).toBe('~/.nvm/versions/node/v22.1.0/bin/npx (found on PATH)');
  });

  test('Windows: a .cmd found through PATHEXT cannot be started without a shell; no desktop PATH to compare', () => {
    const m = machine(
      'win32',
      { 'C:\\Program Files\\nodejs\\npx.cmd': true, 'C:\\Windows\\System32\\cmd.exe': true },
      'C:\\Program Files\\nodejs;C:\\Windows\\System32',
    );
    expect(checkCommand({ command: 'npx', args: ['-y', 'orchestrator-mcp@0', 'serve'] }, desktop, m, undefined)).toMatchObject({
      status: 'fail',
      message: 'npx is C:\\Program Files\\nodejs\\npx.cmd, a batch file, which a client cannot start without a shell',
      fix: expect.stringContaining('"command": "cmd", "args": ["/c", "npx"'),
    });
    expect(checkCommand({ command: 'cmd', args: ['/c', 'npx', '-y', 'orchestrator-mcp@0', 'serve'] }, desktop, m, undefined)).toMatchObject({
      status: 'ok',
      resolved: 'C:\\Windows\\System32\\cmd.exe',
    });
    expect(desktopPath('win32')).toBe('');
  });

  test('a relative path warns; a bare name nowhere on PATH fails', () => {
    const m = machine('linux', {}, '/usr/bin');
    expect(checkCommand({ command: './bin/server', args: [] }, cursor, m, undefined)).toMatchObject({ status: 'warn', startable: true });
    expect(checkCommand({ command: 'uvx', args: [] }, cursor, m, undefined)).toMatchObject({
      status: 'fail',
      message: 'uvx is not on PATH (/usr/bin)',
      startable: false,
    });
  });
});
