import { defineConfig } from 'vitest/config';

// `npm run test:stress`: the torture tests with more processes, more rounds and more tasks, one file at a time
// (they are the load), on the file store and, for the agents on PostgreSQL, on a throwaway cluster.
// ORCHESTRATOR_STRESS=1 is what scales them (test/helpers/torture.ts).
export default defineConfig({
  test: {
    env: { ORCHESTRATOR_STRESS: '1' },
    fileParallelism: false,
    clearMocks: true,
    restoreMocks: true,
    testTimeout: 1_800_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: { name: 'file', include: ['test/torture/**/*.test.ts', 'test/store/multiprocess.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: ['test/postgres/agents.test.ts'],
          env: { ORCHESTRATOR_STRESS: '1', ORCHESTRATOR_TEST_STORE: 'postgres' },
          globalSetup: ['test/helpers/postgres-setup.ts'],
        },
      },
    ],
  },
});
