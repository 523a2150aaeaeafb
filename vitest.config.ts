import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    clearMocks: true,
    restoreMocks: true,
    // Several suites spawn real processes that contend for one store; two cores are shared.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
