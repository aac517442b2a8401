/**
 * Vitest global set-up of the server tests: one throwaway PostgreSQL cluster for the run
 * (`postgres-cluster.ts`); each test file makes its own databases in it (`postgres.ts`).
 */
import type { TestProject } from 'vitest/node';
import { startCluster } from './postgres-cluster';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const cluster = await startCluster();
  project.provide('postgresUrl', cluster.url);
  return () => cluster.stop();
}
