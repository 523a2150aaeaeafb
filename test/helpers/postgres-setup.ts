import type { TestProject } from 'vitest/node';
import { startCluster, type PgCluster } from '../../bench/pg-cluster.mjs';

let cluster: PgCluster | undefined;

/** One throwaway PostgreSQL cluster for the whole run of the postgres project. */
export async function setup(project: TestProject): Promise<void> {
  cluster = await startCluster();
  project.provide('postgresAdminUrl', cluster.adminUrl);
}

export async function teardown(): Promise<void> {
  await cluster?.stop();
}
