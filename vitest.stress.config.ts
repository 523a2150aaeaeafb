import { defineConfig } from 'vitest/config';

// `npm run test:stress`: the torture tests with more processes, more rounds and more tasks, one file at a time
// (they are the load). ORCHESTRATOR_STRESS=1 is what scales them (test/helpers/torture.ts).
export default defineConfig({
  test: {
    include: ['test/torture/**/*.test.ts', 'test/store/multiprocess.test.ts'],
    env: { ORCHESTRATOR_STRESS: '1' },
    fileParallelism: false,
    clearMocks: true,
    restoreMocks: true,
    testTimeout: 600_000,
    hookTimeout: 60_000,
  },
});
