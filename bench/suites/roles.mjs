// How much loading the roles costs: the MCP server loads them on every session start, and every `roles`
// command loads them once.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bin, isolatedEnv, median, root, round, tempDir, timeProcess, timeRuns } from '../lib.mjs';

export const name = 'roles';
export const title = 'Roles: loading the catalog (built-in + user + project YAML)';

const FILES = 20;
const RUNS = 50;

/** 20 files in a project and a user folder: half hold three roles each, half hold one role in the seed's format. */
function seedRoleFiles(dir) {
  const project = path.join(dir, 'data', 'roles');
  const user = path.join(dir, 'home', 'roles');
  mkdirSync(project, { recursive: true });
  mkdirSync(user, { recursive: true });
  for (let i = 0; i < FILES; i++) {
    const folder = i % 4 === 0 ? user : project;
    if (i % 2 === 0) {
      const roles = [0, 1, 2].map(
        (j) => `# role ${i}-${j}
role_${i}_${j}:
  description: A role for the benchmark, number ${i}-${j}
  role_definition: >-
    You are specialist ${i}-${j}. You do the work this role is for, carefully, and you say what you did.
  expertise:
    - First area of expertise for ${i}-${j}
    - Second area of expertise
    - Third area of expertise
  approach:
    - Read what the task depends on.
    - Do the work in small steps.
    - Check the result.
    - Report it.
  output_format: A summary, the files changed, and open questions.
`,
      );
      writeFileSync(path.join(folder, `team-${i}.yaml`), roles.join('\n'));
    } else {
      writeFileSync(
        path.join(folder, `single-${i}.yaml`),
        `name: "Single Role ${i}"
description: "A single-role file for the benchmark"
expertise:
  - "OWASP security standards"
  - "Secure coding practices"
prompts:
  - "Focus on security implications of all recommendations"
  - "Identify potential vulnerabilities and mitigation strategies"
`,
      );
    }
  }
  return { dataDir: path.join(dir, 'data'), home: path.join(dir, 'home') };
}

export async function run() {
  const { loadRoles } = await import(path.join(root, 'dist', 'roles', 'index.js'));
  const empty = tempDir();
  const seeded = tempDir();
  const options = seedRoleFiles(seeded);
  const check = await loadRoles(options);
  if (check.problems.length > 0 || check.names().length !== 8 + 10 * 3 + 10) throw new Error('the benchmark role files did not load as expected');

  const builtInOnly = await timeRuns(() => loadRoles({ dataDir: path.join(empty, 'data'), home: path.join(empty, 'home') }), {
    runs: RUNS,
    warmup: 5,
  });
  const twenty = await timeRuns(() => loadRoles(options), { runs: RUNS, warmup: 5 });

  // The first call of a process also imports the YAML parser and zod.
  const probe = `const t0 = performance.now();
const { loadRoles } = await import(${JSON.stringify(path.join(root, 'dist', 'roles', 'index.js'))});
await loadRoles(${JSON.stringify(options)});
process.stdout.write(String(performance.now() - t0));`;
  const cold = [];
  for (let i = 0; i < 7; i++) {
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(result.stderr);
    cold.push(Number(result.stdout));
  }

  const env = isolatedEnv(seeded);
  const list = [];
  for (let i = 0; i < 2; i++) timeProcess(process.execPath, [bin, 'roles', 'list'], { env });
  for (let i = 0; i < 7; i++) list.push(timeProcess(process.execPath, [bin, 'roles', 'list'], { env }));

  return [
    {
      metric: 'loadRoles, built-in only (no role folders)',
      value: round(median(builtInOnly), 3),
      unit: 'ms',
      method: `median of ${RUNS} runs after 5 warm-up runs, in process`,
    },
    {
      metric: `loadRoles, ${FILES} files / 48 roles`,
      value: round(median(twenty)),
      unit: 'ms',
      method: `median of ${RUNS} runs after 5 warm-up runs, in process`,
    },
    {
      metric: `first loadRoles of a process, ${FILES} files`,
      value: round(median(cold)),
      unit: 'ms',
      method: 'median of 7 fresh processes; includes importing yaml and zod',
    },
    {
      metric: `orchestrator roles list, ${FILES} files`,
      value: round(median(list)),
      unit: 'ms',
      method: 'wall time of the process, median of 7 after 2 warm-up runs',
    },
  ];
}
