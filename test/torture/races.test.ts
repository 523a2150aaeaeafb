import path from 'node:path';
import { describe, expect, test } from 'vitest';
// The harness of the race table (npm run bench:race), with fewer rounds.
import { runRaces } from '../../bench/race-harness.mjs';
import { isolatedEnv } from '../helpers/bin.js';
import { testdir } from '../helpers/testdir.js';
import { scaled, summarise } from '../helpers/torture.js';

async function races(mode: 'plain' | 'kill' | 'stop' | 'dead-holder', racers: number, rounds: number) {
  const dir = testdir();
  const stats = await runRaces({ dataDir: path.join(dir, 'data'), env: isolatedEnv(dir), racers, rounds, mode });
  summarise(`races (${mode}): ${JSON.stringify(stats)}`);
  expect(stats).toMatchObject({ races: rounds, multipleWinners: 0, lostClaims: 0, lostCompletions: 0, unclaimed: 0, doubleClaimsInLog: 0 });
  return stats;
}

describe('processes racing for the one ready task', () => {
  test(
    'exactly one wins every race, and every acknowledged claim and completion stands',
    async () => {
      await races('plain', 8, scaled(20, 500));
    },
    scaled(60_000, 600_000),
  );

  test(
    'with a racer SIGKILLed in the middle of each race (holding the lock or not)',
    async () => {
      const stats = await races('kill', 8, scaled(4, 100));
      expect(stats.spoiled).toBe(stats.races);
    },
    scaled(60_000, 600_000),
  );

  test(
    'with a racer frozen by SIGSTOP inside the lock for longer than the stale timeout: the others wait for it',
    async () => {
      const stats = await races('stop', 4, scaled(2, 50));
      expect(stats.spoiled).toBe(stats.races);
    },
    scaled(60_000, 900_000),
  );

  test(
    'eight waiters racing for the lock of a holder killed while they wait: one takes it at a time',
    async () => {
      const stats = await races('dead-holder', 8, scaled(3, 200));
      expect(stats.spoiled).toBe(stats.races);
    },
    scaled(60_000, 900_000),
  );
});
