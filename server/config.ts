/**
 * The server's configuration, from an environment given as a plain object (`main.ts`
 * passes `process.env`; nothing else reads it). Refuses what it cannot use, with the fix.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_MAX_CLOCK_AHEAD_MS } from '../src/lib/domain/hlc';

export interface Config {
  port: number;
  host: string | undefined;
  dataDir: string;
  adminToken: string | undefined;
  tls: { cert: string; key: string } | undefined;
  staticDir: string;
  /** Read the client's address from `X-Forwarded-For` (behind a reverse proxy). */
  trustProxy: boolean;
  /** Open connections one client address may hold (not behind a proxy). */
  maxConnectionsPerAddress: number;
  /**
   * `postgres://...`: the events, kitchens and devices in PostgreSQL; SQLite in the data
   * folder when undefined.
   */
  databaseUrl: string | undefined;
  /** How far ahead of this server's clock an event's stamp may be (DESIGN 4.1), ms. */
  maxClockAheadMs: number;
  /** Scheduled backups: where, how often, how many kept; undefined when not asked for. */
  backups: { dir: string; everyMs: number; keep: number } | undefined;
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function parseConfig(env: Record<string, string | undefined>): Config {
  const port = Number(env['PORT'] ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a port number (0-65535), not ${JSON.stringify(env['PORT'])}`);
  }
  const cert = env['LARDER_TLS_CERT'];
  const key = env['LARDER_TLS_KEY'];
  if (Boolean(cert) !== Boolean(key)) {
    throw new Error(
      'Set both LARDER_TLS_CERT and LARDER_TLS_KEY (PEM files) to serve HTTPS, or neither',
    );
  }
  const adminToken = env['LARDER_ADMIN_TOKEN'] || undefined;
  if (adminToken !== undefined && adminToken.length < 16) {
    throw new Error('LARDER_ADMIN_TOKEN must be at least 16 characters');
  }
  const trust = env['LARDER_TRUST_PROXY'] ?? '';
  if (!['', '0', '1'].includes(trust)) {
    throw new Error('LARDER_TRUST_PROXY must be 1 (behind a reverse proxy) or 0');
  }
  const maxConnections = Number(env['LARDER_MAX_CONNECTIONS_PER_ADDRESS'] ?? 256);
  if (!Number.isInteger(maxConnections) || maxConnections < 1) {
    throw new Error('LARDER_MAX_CONNECTIONS_PER_ADDRESS must be a whole number of 1 or more');
  }
  const wholeNumber = (name: string, fallback: number) => {
    const value = Number(env[name] ?? fallback);
    if (!Number.isInteger(value) || value < 1) {
      throw new Error(`${name} must be a whole number of 1 or more`);
    }
    return value;
  };
  const backupDir = env['LARDER_BACKUP_DIR'] || undefined;
  const backups = backupDir && {
    dir: resolve(backupDir),
    everyMs: wholeNumber('LARDER_BACKUP_EVERY_HOURS', 24) * 3600_000,
    keep: wholeNumber('LARDER_BACKUP_KEEP', 14),
  };
  const maxClockAheadMs =
    wholeNumber('LARDER_MAX_CLOCK_AHEAD', DEFAULT_MAX_CLOCK_AHEAD_MS / 1000) * 1000;
  const databaseUrl = env['LARDER_DATABASE_URL'] || undefined;
  if (databaseUrl !== undefined && !isPostgresUrl(databaseUrl)) {
    throw new Error(
      'LARDER_DATABASE_URL must be a PostgreSQL URL (postgres://user:password@host:5432/database); leave it unset for SQLite',
    );
  }
  if (databaseUrl !== undefined && backups) {
    throw new Error(
      "LARDER_BACKUP_DIR copies the SQLite file; with LARDER_DATABASE_URL, back up with PostgreSQL's own tools (pg_dump, a streaming replica) and unset LARDER_BACKUP_DIR",
    );
  }
  return {
    port,
    host: env['HOST'] || undefined,
    dataDir: resolve(env['LARDER_DATA_DIR'] || './data'),
    adminToken,
    tls: cert && key ? { cert, key } : undefined,
    staticDir: resolve(env['LARDER_STATIC_DIR'] || join(repoRoot, 'build')),
    trustProxy: trust === '1',
    maxConnectionsPerAddress: maxConnections,
    maxClockAheadMs,
    databaseUrl,
    backups: backups || undefined,
  };
}

/** Whether `url` names a PostgreSQL database (postgres:// or postgresql://). */
export const isPostgresUrl = (url: string) => /^postgres(ql)?:\/\/./.test(url);

/** Where the events are, for a log line: a PostgreSQL URL without its password. */
export function describeDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir'>): string {
  if (!config.databaseUrl) return `data in ${config.dataDir}`;
  const url = new URL(config.databaseUrl);
  return `events in PostgreSQL at ${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
}

/** The database file inside the data folder (the CLI and the server agree on it). */
export const databaseFile = (dataDir: string) => join(dataDir, 'larder.db');

/** Where a generated admin token is left when there is no terminal to print it to. */
export const ADMIN_TOKEN_FILE = 'admin-token';
