import { describe, expect, test } from 'vitest';
import { serveInvocation } from '../../src/commands/serve/argv.js';

describe('recognising a plain `orchestrator serve` before the command program loads', () => {
  test('serve and its options, in both spellings, with --data-dir before or after', () => {
    expect(serveInvocation(['serve'])).toEqual({ options: {}, dataDir: undefined });
    expect(serveInvocation(['--data-dir', '/d', 'serve', '--toolsets', 'all', '--log-level=debug'])).toEqual({
      options: { toolsets: 'all', logLevel: 'debug' },
      dataDir: '/d',
    });
    expect(serveInvocation(['--store', 'postgres://u@h/db', 'serve'])).toEqual({ options: {}, dataDir: undefined, store: 'postgres://u@h/db' });
    expect(serveInvocation(['serve', '--store=postgres://u@h/db'])).toMatchObject({ store: 'postgres://u@h/db' });
    expect(serveInvocation(['serve', '--http', '--port', '0', '--host=127.0.0.1', '--data-dir=/x', '--token', 't'])).toEqual({
      options: { http: true, port: '0', host: '127.0.0.1', token: 't' },
      dataDir: '/x',
    });
  });

  test('anything else is left to the command program, which explains it', () => {
    for (const args of [
      [],
      ['tasks', 'list'],
      ['serve', '--help'],
      ['serve', '-h'],
      ['serve', '--list-tools'],
      ['serve', '--json'],
      ['serve', '--toolsets'],
      ['serve', '--toolsets', '--http'],
      ['serve', '--log-level', 'loud'],
      ['serve', '--nope'],
      ['serve', 'extra'],
      ['--toolsets', 'all', 'serve'],
      ['serve', '--http=yes'],
      ['serve', '--store'],
      ['--version'],
    ]) {
      expect(serveInvocation(args), args.join(' ')).toBeUndefined();
    }
  });
});
