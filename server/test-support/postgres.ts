/** A new, empty database in the test run's PostgreSQL cluster (`postgres-global.ts`). */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

export async function freshDatabase(): Promise<string> {
  const url = inject('postgresUrl');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const database = new URL(url);
  database.pathname = `/${name}`;
  return database.toString();
}

/** The environment that picks each store for a server process: SQLite, or PostgreSQL. */
export const STORE_ENVS: [string, () => Promise<Record<string, string>>][] = [
  ['SQLite', () => Promise.resolve({})],
  ['PostgreSQL', async () => ({ LARDER_DATABASE_URL: await freshDatabase() })],
];
