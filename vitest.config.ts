import { defineConfig } from 'vitest/config';

// Two projects: every suite on the file store, and the PostgreSQL suites (plus the core and MCP suites again,
// on PostgreSQL) against a throwaway cluster started once for the run (test/helpers/postgres-setup.ts).
export default defineConfig({
  test: {
    clearMocks: true,
    restoreMocks: true,
    // Several suites spawn real processes that contend for one store; two cores are shared.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: { name: 'file', include: ['test/**/*.test.ts'], exclude: ['test/postgres/**', '**/node_modules/**'] },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: [
            'test/postgres/**/*.test.ts',
            // The backend-parametrised suites: every TaskService operation and every MCP tool, on PostgreSQL.
            'test/core/{task-service,workflow,shared-rules,task-index,metadata,js-keys,claims-requests,batch}.test.ts',
            'test/server/**/*.test.ts',
            // Templates, imports and the exported folder come back the same way on either backend.
            'test/db/{import,export-folder}.test.ts',
          ],
          env: { ORCHESTRATOR_TEST_STORE: 'postgres' },
          globalSetup: ['test/helpers/postgres-setup.ts'],
        },
      },
    ],
  },
});
