import { spawn } from 'node-pty';
import stringWidth from 'string-width';
import { describe, expect, onTestFinished, test } from 'vitest';
import { openTaskStore, TaskService } from '../../src/core/index.js';
import { binEnv, binPath } from '../helpers/bin.js';

// The CLI under a real pseudo-terminal, as a person sees it: stdout is a TTY of a known width, so the output
// must fit it. A line longer than the terminal would wrap and break the table.

const COLUMNS = 80;
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

/** Runs the binary in a pty of `cols` columns; resolves its exit code and the screen text, line by line. */
function inTerminal(args: string[], env: NodeJS.ProcessEnv, cols = COLUMNS): Promise<{ code: number; lines: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binPath, ...args], { cols, rows: 200, env: env as Record<string, string>, cwd: env.HOME });
    let output = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`timed out: ${args.join(' ')}\n${output}`));
    }, 20_000);
    child.onData((data) => (output += data));
    child.onExit(({ exitCode }) => {
      clearTimeout(timer);
      resolve({
        code: exitCode,
        lines: output
          .replace(ANSI, '')
          .replace(/\r/g, '')
          .split('\n')
          .filter((line) => line !== ''),
      });
    });
  });
}

async function seed(dataDir: string) {
  const service = new TaskService(openTaskStore(dataDir));
  const long = 'Write the migration that moves every customer record to the new schema without downtime';
  await service.create({ id: 'plan', title: `Plan: ${long}`, priority: 'urgent' }, 'seed');
  const created = await service.createMany(
    Array.from({ length: 30 }, (_, i) => ({
      title: `${long} (${i})`,
      description: `${long}. `.repeat(4),
      parentId: i < 10 ? 'plan' : null,
      role: ['implementer', 'documenter', 'researcher', null][i % 4] ?? null,
      priority: (['low', 'normal', 'high', 'urgent'] as const)[i % 4],
      dependencies: i > 2 && i % 3 === 0 ? [`t${i}`, `t${i - 1}`, `t${i - 2}`] : [],
    })),
    'seed',
  );
  await service.start(created[1]!.id, { worker: 'a-worker-with-a-rather-long-name-from-a-client' });
  await service.start(created[2]!.id, { worker: 'cli:alice' });
  // Large changes are folded into a snapshot in the background: done before the binary reads.
  await service.store.settle();
  return { service, ids: created.map((task) => task.id) };
}

describe('under a pseudo-terminal of 80 columns', () => {
  test('no line of the task commands is longer than the terminal', async () => {
    const { dataDir, env } = binEnv({ PATH: process.env.PATH ?? '' });
    const { ids } = await seed(dataDir);
    const commands = [
      ['tasks', 'list'],
      ['tasks', 'list', '--ready'],
      ['tasks', 'graph'],
      ['tasks', 'show', ids[3]!, '--history'],
      ['tasks', 'show', 'plan'],
      ['tasks', 'log'],
      ['tasks', 'next', '--peek'],
      ['tasks', 'start', ids[5]!],
      ['tasks', 'update', ids[6]!, '--add-tag', 'needs-review'],
      ['workers'],
      ['init'],
    ];
    for (const args of commands) {
      const { code, lines } = await inTerminal(args, env);
      expect(code, args.join(' ')).toBe(0);
      expect(lines.length, args.join(' ')).toBeGreaterThan(0);
      const tooLong = lines.filter((line) => stringWidth(line) > COLUMNS);
      expect(tooLong, args.join(' ')).toEqual([]);
    }
  });

  test('the task table uses the width it has: titles take what is left, --wide shows everything', async () => {
    const { dataDir, env } = binEnv({ PATH: process.env.PATH ?? '' });
    await seed(dataDir);
    const narrow = await inTerminal(['tasks', 'list'], env);
    const header = narrow.lines[0]!;
    expect(header).toMatch(/^ID +STATE +PRIORITY +ROLE +TITLE +DETAIL$/);
    // Rows that were cut end with an ellipsis, and the longest is exactly as wide as the terminal allows.
    expect(Math.max(...narrow.lines.map((line) => stringWidth(line)))).toBeLessThanOrEqual(COLUMNS);
    expect(narrow.lines.some((line) => line.includes('…'))).toBe(true);

    const wide = await inTerminal(['tasks', 'list'], env, 200);
    const wideTitle = wide.lines.find((line) => line.includes('(12)'))!;
    const narrowTitle = narrow.lines.find((line) => line.includes('(12)') || /\(1…|…/.test(line))!;
    expect(stringWidth(wideTitle)).toBeGreaterThan(stringWidth(narrowTitle));
    expect(wide.lines.every((line) => stringWidth(line) <= 200)).toBe(true);

    const full = await inTerminal(['tasks', 'list', '--wide'], env);
    expect(full.lines.some((line) => stringWidth(line) > COLUMNS)).toBe(true);
    expect(full.lines.some((line) => line.includes('without downtime (12)'))).toBe(true);
  });
});

describe('orchestrator watch in a terminal', () => {
  /** Starts `watch` in a pty; `screen()` is everything it drew so far. */
  function watching(env: NodeJS.ProcessEnv) {
    const child = spawn(process.execPath, [binPath, 'watch'], { cols: COLUMNS, rows: 40, env: env as Record<string, string>, cwd: env.HOME });
    let output = '';
    child.onData((data) => (output += data));
    onTestFinished(() => child.kill());
    const exited = new Promise<number>((resolve) => child.onExit(({ exitCode }) => resolve(exitCode)));
    const waitFor = async (text: string) => {
      for (let waited = 0; !output.replace(ANSI, '').includes(text); waited += 50) {
        if (waited > 15_000) throw new Error(`"${text}" never appeared:\n${output.replace(ANSI, '')}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    return { child, exited, waitFor, screen: () => output };
  }

  test.each([
    ['q', 'q'],
    ['Ctrl-C', '\x03'],
  ])('draws in the alternate screen, redraws when another process changes the store, and quits on %s', async (_name, key) => {
    const { dataDir, env } = binEnv({ PATH: process.env.PATH ?? '' });
    const service = new TaskService(openTaskStore(dataDir));
    await service.create({ id: 'first', title: 'Shown from the start' }, 'seed');
    const watch = watching(env);
    await watch.waitFor('Shown from the start');
    expect(watch.screen()).toContain('\x1b[?1049h');
    await service.create({ id: 'second', title: 'Added while watching' }, 'seed');
    await watch.waitFor('Added while watching');
    watch.child.write(key);
    expect(await watch.exited).toBe(0);
    // It leaves the alternate screen, so the terminal is as it was.
    expect(watch.screen()).toContain('\x1b[?1049l');
  });
});
