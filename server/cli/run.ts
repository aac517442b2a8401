/**
 * The `larder` command: kitchen and device management, export/import of logs, rebuild of
 * the read models and backups, against the SQLite file of a data folder, or the PostgreSQL
 * database of `LARDER_DATABASE_URL` when it is set. Exit codes: 0 done, 1 failed (nothing
 * found, bad input), 2 wrong usage.
 */
import { existsSync } from 'node:fs';
import { parseArgs as parseNodeArgs } from 'node:util';
import { backupDatabase, verifyBackup } from '../backups';
import { newEpoch } from '../epoch';
import { databaseFile, isPostgresUrl } from '../config';
import { PostgresReadModels } from '../read-models/postgres-read-models';
import { SqliteReadModels } from '../read-models/sqlite-read-models';
import { PostgresStore } from '../storage/postgres-store';
import { grownSince, moveToPostgres } from '../storage/move';
import { SqliteStore } from '../storage/sqlite-store';
import type { Store } from '../storage/store';
import { CliFailure, required, UsageError, type Args, type CliIo } from './cli-errors';
import { exportLog, importLog } from './log-transfer';
import { reportCommand, transfersCommand } from './report';
import { kitchenCommand, deviceCommand } from './manage';

const COMMANDS = [
  'kitchen',
  'device',
  'export',
  'import',
  'report',
  'transfers',
  'rebuild',
  'backup',
  'restore',
  'new-epoch',
  'move-to-postgres',
];

/** What works on the SQLite file only, and what to do instead with PostgreSQL. */
const SQLITE_ONLY: Record<string, string> = {
  backup:
    'backs up the SQLite file; with PostgreSQL use its own tools (pg_dump, a streaming replica)',
  restore:
    'restores the SQLite file; with PostgreSQL restore with its own tools (pg_restore), then run `larder new-epoch` so the tablets give back what the copy lacks',
};

export const USAGE = `Usage: larder [--data-dir DIR] <command>

  kitchen create <name> [--id <kitchen-id>]   new kitchen; prints its id and join code
  kitchen list                                 kitchens, events and devices
  kitchen rotate-code <kitchen>                new join code (the old one stops working)
  device list <kitchen>                        paired devices
  device revoke <kitchen> <device-id>          refuse that device's token from now on
  export <kitchen> [--out FILE]                the kitchen's log as NDJSON (stdout by default)
  import <kitchen> [FILE]                      NDJSON events (stdin by default); idempotent
  report <kitchen> <name> [--out FILE]         a tablet's export as CSV (stdout by default):
      stock [--at YYYY-MM-DDTHH:MM]            stock with value, now or as of a moment
      order                                    the order list
      cost-of-food | waste | entries           month-end of --first/--last YYYY-MM-DD
                                               (this month by default; at most 366 days)
      count --session <id>                     a count of an area with its variances
  transfers [--all] [--out FILE]               transfers between the kitchens as CSV: those
                                               open or with a discrepancy (--all: every one)
  rebuild [<kitchen>]                          drop and replay the SQL read models
  backup <file>                                consistent copy of the database, server running or not
  backup --verify <file>                       check a copy: integrity, events per kitchen
  restore <file>                               replace the database with a checked copy (server
                                               stopped); the tablets give back what it lacks
  move-to-postgres <url>                       copy the data folder's database whole into an
                                               empty PostgreSQL database (server stopped)
  new-epoch                                    after restoring the database by other means: the
                                               tablets give back what it lacks at their next sync

The data folder is --data-dir, else LARDER_DATA_DIR, else ./data. With LARDER_DATABASE_URL
set, the commands work on that PostgreSQL database instead (backup and restore are for
the SQLite file).
`;

const OPTIONS = {
  'data-dir': { type: 'string' },
  id: { type: 'string' },
  out: { type: 'string' },
  first: { type: 'string' },
  last: { type: 'string' },
  at: { type: 'string' },
  session: { type: 'string' },
  verify: { type: 'boolean' },
  all: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Node's own parser: unknown options and options missing their value are usage errors. */
export function parseArgs(argv: string[]): Args {
  try {
    const { values, positionals } = parseNodeArgs({
      args: argv,
      options: OPTIONS,
      allowPositionals: true,
    });
    return { positional: positionals, options: values };
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** `backup --verify`: fails (exit 1) unless the copy is whole. */
function verify(file: string, io: CliIo): void {
  if (!existsSync(file)) throw new CliFailure(`No file ${file}`);
  const check = verifyBackup(file);
  for (const kitchen of check.kitchens) {
    io.out(`${kitchen.kitchenId}\t${kitchen.events} events\n`);
  }
  if (!check.ok) throw new CliFailure(`${file} is damaged: ${check.problems.join('; ')}`);
  io.out(`${file}: intact, ${check.kitchens.length} kitchens\n`);
}

/**
 * `restore`: a checked copy replaces the database (and its WAL), and the log epoch moves on,
 * so that each tablet pulls from the start at its next sync and pushes again what the copy
 * lacks. The server must be stopped: it holds the file open.
 */
async function restore(backup: string, file: string, io: CliIo): Promise<void> {
  if (!existsSync(backup)) throw new CliFailure(`No file ${backup}`);
  const check = verifyBackup(backup);
  if (!check.ok) throw new CliFailure(`${backup} is damaged: ${check.problems.join('; ')}`);
  const { copyFileSync, rmSync } = await import('node:fs');
  copyFileSync(backup, `${file}.restoring`);
  for (const extra of ['-wal', '-shm']) rmSync(`${file}${extra}`, { force: true });
  const { renameSync } = await import('node:fs');
  renameSync(`${file}.restoring`, file);
  const store = new SqliteStore(file);
  try {
    const epoch = await newEpoch(store);
    const events = check.kitchens.reduce((sum, k) => sum + k.events, 0);
    io.out(
      `Restored ${backup} to ${file}: ${check.kitchens.length} kitchens, ${events} events; log epoch ${epoch}.\n` +
        'Start the server: each tablet gives back what the copy lacks at its next sync.\n',
    );
  } finally {
    await store.close();
  }
}

function openPostgres(url: string): Promise<PostgresStore> {
  return PostgresStore.open(url).catch((error: unknown) => {
    throw new CliFailure(`Cannot open the PostgreSQL database: ${(error as Error).message}`);
  });
}

/**
 * `move-to-postgres`: the SQLite file into an empty PostgreSQL database, seqs, tokens and
 * epoch as they were. Should the logs have grown meanwhile (a server still running), the
 * copy gets a new epoch, so that the tablets give back what it lacks.
 */
async function moveCommand(file: string, url: string, io: CliIo): Promise<void> {
  if (!isPostgresUrl(url)) throw new UsageError('move-to-postgres needs a postgres:// URL');
  if (!existsSync(file)) throw new CliFailure(`No database at ${file}`);
  const source = new SqliteStore(file);
  let target: PostgresStore | undefined;
  try {
    target = await openPostgres(url);
    const started = Date.now();
    const moved = await moveToPostgres(source, target, (kitchenId, events) =>
      io.err(`${kitchenId}: ${events} events\n`),
    ).catch((error: unknown) => {
      throw new CliFailure(`Nothing was moved: ${(error as Error).message}`);
    });
    io.out(
      `Moved ${file} to PostgreSQL in ${Date.now() - started} ms: ${moved.kitchens} kitchens, ` +
        `${moved.devices} devices, ${moved.events} events, with their seqs, tokens and log epoch.\n`,
    );
    const grown = await grownSince(source, moved);
    if (grown.size > 0) {
      const epoch = await newEpoch(target);
      const more = [...grown].map(([kitchen, n]) => `${kitchen} +${n}`).join(', ');
      io.err(
        `The SQLite logs took events during the move (${more}): the server was running. ` +
          `The PostgreSQL copy has a new log epoch (${epoch}), so the tablets give them back at ` +
          'their next sync. Stop the server before starting it on PostgreSQL.\n',
      );
    }
    io.out(
      'Stop the server, set LARDER_DATABASE_URL to this database, and start it: the tablets carry on.\n',
    );
  } finally {
    await target?.close();
    await source.close();
  }
}

/** The commands that work alike on any store. */
async function storeCommand(
  store: Store,
  command: string,
  rest: string[],
  args: Args,
  io: CliIo,
): Promise<void> {
  switch (command) {
    case 'kitchen':
      await kitchenCommand(store, rest, args, io);
      break;
    case 'device':
      await deviceCommand(store, rest, io);
      break;
    case 'export':
      await exportLog(store, required(rest[0], 'export needs a kitchen id'), args, io);
      break;
    case 'import':
      await importLog(store, required(rest[0], 'import needs a kitchen id'), rest[1], io);
      break;
    case 'report':
      await reportCommand(store, rest, args, io);
      break;
    case 'transfers':
      await transfersCommand(store, args, io);
      break;
    case 'rebuild': {
      const started = Date.now();
      if (rest[0] !== undefined && !(await store.getKitchen(rest[0]))) {
        throw new CliFailure(`No kitchen ${rest[0]}`);
      }
      const models =
        store instanceof PostgresStore
          ? new PostgresReadModels(store)
          : store instanceof SqliteStore
            ? new SqliteReadModels(store)
            : undefined;
      if (!models) throw new CliFailure('This store keeps no read models');
      try {
        await models.rebuild(rest[0]);
      } finally {
        await models.close();
      }
      io.out(
        `Rebuilt the read models of ${rest[0] ?? 'every kitchen'} in ${Date.now() - started} ms\n`,
      );
      break;
    }
    case 'new-epoch': {
      const epoch = await newEpoch(store);
      io.out(
        `Log epoch ${epoch}: each tablet gives back what the database lacks at its next sync.\n`,
      );
      break;
    }
    default:
      throw new UsageError(`Unknown command ${command}`);
  }
}

export async function runCli(
  argv: string[],
  env: Record<string, string | undefined>,
  io: CliIo,
): Promise<number> {
  let store: Store | undefined;
  try {
    const args = parseArgs(argv);
    const [command, ...rest] = args.positional;
    if (!command || args.options.help) {
      io.out(USAGE);
      return command || args.options.help ? 0 : 2;
    }
    if (!COMMANDS.includes(command)) throw new UsageError(`Unknown command ${command}`);
    if (command === 'backup' && args.options.verify) {
      verify(required(rest[0], 'backup --verify needs the file of a backup'), io);
      return 0;
    }
    const databaseUrl = env['LARDER_DATABASE_URL'] || undefined;
    const dataDir = args.options['data-dir'] ?? (env['LARDER_DATA_DIR'] || './data');
    const file = databaseFile(dataDir);
    if (command === 'move-to-postgres') {
      await moveCommand(file, required(rest[0], 'move-to-postgres needs a postgres:// URL'), io);
      return 0;
    }
    const sqliteOnly = SQLITE_ONLY[command];
    if (databaseUrl !== undefined && sqliteOnly !== undefined) {
      throw new CliFailure(`${command} ${sqliteOnly} (LARDER_DATABASE_URL is set)`);
    }
    if (databaseUrl !== undefined) {
      if (!isPostgresUrl(databaseUrl)) {
        throw new CliFailure('LARDER_DATABASE_URL must be a PostgreSQL URL (postgres://...)');
      }
      store = await openPostgres(databaseUrl);
      await storeCommand(store, command, rest, args, io);
      return 0;
    }
    if (command === 'restore') {
      await restore(required(rest[0], 'restore needs the file of a backup'), file, io);
      return 0;
    }
    if (!existsSync(file) && command !== 'kitchen') {
      throw new CliFailure(`No database at ${file}: start the server once, or create a kitchen`);
    }
    if (command === 'kitchen' && !existsSync(dataDir)) {
      const { mkdirSync } = await import('node:fs');
      mkdirSync(dataDir, { recursive: true });
    }
    const sqlite = new SqliteStore(file);
    store = sqlite;
    switch (command) {
      case 'backup': {
        const target = required(rest[0], 'backup needs a file to write');
        if (existsSync(target)) throw new CliFailure(`${target} exists already; choose a new file`);
        await backupDatabase(file, target);
        io.out(`Backed up ${file} to ${target}\n`);
        break;
      }
      default:
        await storeCommand(sqlite, command, rest, args, io);
    }
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`larder: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    io.err(`larder: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await store?.close();
  }
}
