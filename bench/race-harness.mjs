// Races: N processes (test/fixtures/racer.mjs) on one store, each round told at the same moment to claim the one
// ready task there is. Exactly one may win; the winner completes it; nothing a racer was told must be lost.
// Rounds can be spoiled on purpose: a racer SIGKILLed in the middle (maybe holding the lock), a racer frozen with
// SIGSTOP for longer than the stale timeout, or the lock holder killed while every other racer waits for it.
// Used by the race table (`npm run bench:race`) and by the torture tests (fewer rounds).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const racerScript = path.join(root, 'test', 'fixtures', 'racer.mjs');
const ROUND_TIMEOUT_MS = 60_000;

class Racer {
  constructor(worker, dataDir, env) {
    this.worker = worker;
    this.dataDir = dataDir;
    this.env = env;
    this.start();
  }

  start() {
    this.lines = [];
    this.waiters = [];
    this.exited = false;
    this.child = spawn(process.execPath, [racerScript, this.dataDir, this.worker], { env: this.env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdin.on('error', () => {});
    this.stderr = '';
    this.child.stderr.on('data', (chunk) => (this.stderr += chunk.toString()));
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      this.lines.push(line);
      this.#wake();
    });
    this.closed = new Promise((resolve) =>
      this.child.on('close', () => {
        this.exited = true;
        this.#wake();
        resolve();
      }),
    );
  }

  #wake() {
    for (const wake of this.waiters.splice(0)) wake();
  }

  send(line) {
    this.child.stdin.write(`${line}\n`);
  }

  /** Resolves with the first line matching `test`, or null once the process has exited without printing one. */
  async line(test, timeoutMs = ROUND_TIMEOUT_MS) {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const index = this.lines.findIndex(test);
      if (index !== -1) return this.lines.splice(index, 1)[0];
      if (this.exited) return null;
      if (Date.now() > until) throw new Error(`${this.worker} printed nothing matching in ${timeoutMs} ms; stderr: ${this.stderr.slice(-500)}`);
      await new Promise((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200).unref();
      });
    }
  }

  async kill() {
    this.child.kill('SIGCONT');
    this.child.kill('SIGKILL');
    await this.closed;
  }

  async restart() {
    await this.kill();
    this.start();
    await this.line((line) => line === 'ready');
  }
}

/**
 * Runs `rounds` races among `racers` processes. `mode`: 'plain', 'kill' (one racer SIGKILLed a few ms into each
 * round), 'stop' (one racer frozen with SIGSTOP inside the lock for longer than the stale timeout, then resumed) or 'dead-holder'
 * (one racer holds the lock, the others wait, the holder is SIGKILLed). Returns the counts of the race table.
 */
export async function runRaces({ dataDir, env, racers: count, rounds, mode = 'plain', staleMs = 2_000, prefix = 'race' }) {
  const { openTaskService } = await import(path.join(root, 'dist', 'core', 'index.js'));
  const { service } = openTaskService({ dataDir, env });
  const racerEnv = { ...env, ORCHESTRATOR_LOCK_STALE_MS: String(staleMs), ORCHESTRATOR_LOCK_WAIT_MS: '120000' };
  const racers = Array.from({ length: count + (mode === 'dead-holder' ? 1 : 0) }, (_, i) => new Racer(`${prefix}-w${i}`, dataDir, racerEnv));
  const stats = {
    races: 0,
    racers: count,
    mode,
    multipleWinners: 0,
    lostClaims: 0,
    lostCompletions: 0,
    unclaimed: 0,
    spoiled: 0,
    doubleClaimsInLog: 0,
  };
  try {
    await Promise.all(racers.map((racer) => racer.line((line) => line === 'ready')));
    for (let round = 0; round < rounds; round++) {
      const id = `${prefix}-${round}`;
      await service.create({ id, title: `Race ${round}` }, 'race');
      const spoiled = await race(racers, round, mode, staleMs);
      stats.races++;
      if (spoiled) stats.spoiled++;
      const results = await Promise.all(
        racers.map(async (racer) => {
          // A racer killed this round answers with what it printed before it died, or nothing.
          const won = await racer.line((line) => line === `lost ${round}` || line.startsWith(`won ${round} `));
          const done = won?.startsWith('won') ? await racer.line((line) => line.startsWith(`done ${round} `)) : null;
          return { racer, won: won?.startsWith('won') ? won.split(' ')[2] : null, done };
        }),
      );
      const winners = results.filter((result) => result.won !== null);
      if (winners.length > 1) stats.multipleWinners++;
      const task = (await service.snapshot()).tasks[id];
      for (const winner of winners) {
        if (winner.won !== id)
          stats.lostClaims++; // it claimed something else: the pool holds one task a round
        else if (winner.done && !(task?.status === 'completed' && task.assignee === winner.racer.worker)) stats.lostCompletions++;
        else if (!winner.done && !(task?.assignee === winner.racer.worker)) stats.lostClaims++;
      }
      if (winners.length === 0 && !spoiled) stats.unclaimed++;
      if (spoiled?.restart) await spoiled.restart();
      // A racer killed holding the task leaves it claimed until its lease runs out: put it out of the later rounds.
      if (task?.status === 'in_progress' || task?.status === 'pending') await service.cancel(id, { actor: 'race' });
    }
  } finally {
    await Promise.all(racers.map((racer) => racer.kill()));
  }
  stats.doubleClaimsInLog = doubleClaims(path.join(dataDir, 'events.jsonl'), prefix);
  return stats;
}

/** Starts one round; returns what was done to spoil it (a racer to restart afterwards), if anything. */
async function race(racers, round, mode, staleMs) {
  const pick = () => racers[Math.floor(Math.random() * racers.length)];
  if (mode === 'dead-holder') {
    const holder = racers[round % racers.length];
    holder.send('hold');
    await holder.line((line) => line === 'holding');
    for (const racer of racers) if (racer !== holder) racer.send(`go ${round}`);
    // Let every other racer reach the lock and wait on it.
    await sleep(30);
    await holder.kill();
    return { restart: () => holder.restart() };
  }
  if (mode === 'stop') {
    // Frozen while it holds the lock, with the store read: the others must wait for it, however long it sleeps.
    const victim = pick();
    victim.send(`slow-go ${round}`);
    await victim.line((line) => line === 'inside');
    victim.child.kill('SIGSTOP');
    for (const racer of racers) if (racer !== victim) racer.send(`go ${round}`);
    await sleep(staleMs + 500);
    victim.child.kill('SIGCONT');
    return {};
  }
  for (const racer of racers) racer.send(`go ${round}`);
  if (mode === 'kill') {
    const victim = pick();
    await sleep(Math.random() * 4);
    await victim.kill();
    return { restart: () => victim.restart() };
  }
  return undefined;
}

/** Tasks of this run with more than one claim event in the history: each task here is claimed at most once. */
function doubleClaims(eventsFile, prefix) {
  const claims = new Map();
  for (const line of readFileSync(eventsFile, 'utf8').split('\n')) {
    if (!line.includes('"op":"claim"')) continue;
    const event = JSON.parse(line);
    if (!String(event.taskId).startsWith(`${prefix}-`)) continue;
    claims.set(event.taskId, (claims.get(event.taskId) ?? 0) + 1);
  }
  return [...claims.values()].filter((n) => n > 1).length;
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
