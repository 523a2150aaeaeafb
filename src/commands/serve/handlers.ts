import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { runServe } from './run.js';
import { usage } from '../../errors.js';
import type { ServeOptions } from './settings.js';

export type { ServeOptions } from './settings.js';
export { runServeSettings, type ServeSettings } from './settings.js';

/** `orchestrator serve` through the command program: --list-tools, or the server itself. */
export async function serve(options: ServeOptions, command: Command): Promise<void> {
  if (options.listTools) return printToolList(options.json === true);
  if (options.json) throw usage('--json only applies with --list-tools.', 'Add --list-tools, or drop --json.');
  const { dataDir } = command.optsWithGlobals<{ dataDir?: string }>();
  await runServe(options, { dataDir, version: packageVersion() });
}

async function printToolList(json: boolean): Promise<void> {
  const { listProfileTools } = await import('../../server/list-tools.js');
  const profiles = await listProfileTools(packageVersion());
  if (json) {
    process.stdout.write(`${JSON.stringify({ profiles }, null, 2)}\n`);
    return;
  }
  const number = (n: number) => n.toLocaleString('en');
  const width = Math.max(...profiles.flatMap((profile) => profile.tools.map((tool) => tool.name.length)));
  for (const profile of profiles) {
    const budget = profile.budget === null ? '' : ` (budget ${number(profile.budget)} characters)`;
    process.stdout.write(
      `${profile.profile}: ${profile.tools.length} tools, ${number(profile.characters)} characters ≈ ${number(profile.tokens)} tokens${budget}\n`,
    );
    for (const tool of profile.tools)
      process.stdout.write(
        `  ${tool.name.padEnd(width)}  ${number(tool.characters).padStart(6)}  ≈${number(tool.tokens).padStart(5)}  ${tool.toolset}\n`,
      );
    process.stdout.write('\n');
  }
  process.stdout.write(
    'Characters: name, title, description and input schema of each tool as JSON, as clients list them; tokens ≈ characters / 4.\n',
  );
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}
