/**
 * Backups a district can trust: online copies of the database (SQLite's backup API, safe
 * while the server writes), made on a schedule into `LARDER_BACKUP_DIR` with the oldest
 * removed past `LARDER_BACKUP_KEEP`, and a check of any copy (`larder backup --verify`):
 * SQLite's integrity check and the events each kitchen holds.
 */
import Database from 'better-sqlite3';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Scheduled copies are named by when they were made (UTC), so that names sort by age. */
const SCHEDULED = /^larder-\d{8}-\d{6}\.db$/;

export function backupName(at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `larder-${stamp}.db`;
}

/** An online copy of the database `dbFile` into `target` (which must not exist). */
export async function backupDatabase(dbFile: string, target: string): Promise<void> {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    await db.backup(target);
  } finally {
    db.close();
  }
}

export interface BackupCheck {
  ok: boolean;
  /** What SQLite's integrity check found, when it found anything. */
  problems: string[];
  kitchens: { kitchenId: string; events: number; head: number }[];
}

/** Opens a copy read-only and checks it: pages, indexes, and each kitchen's events. */
export function verifyBackup(file: string): BackupCheck {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    return { ok: false, problems: [(error as Error).message], kitchens: [] };
  }
  try {
    const problems = (db.pragma('integrity_check') as { integrity_check: string }[])
      .map((row) => row.integrity_check)
      .filter((line) => line !== 'ok');
    const kitchens = db
      .prepare(
        `SELECT k.id AS kitchenId, count(e.seq) AS events, coalesce(max(e.seq), 0) AS head
         FROM kitchens k LEFT JOIN events e ON e.kitchen_id = k.id
         GROUP BY k.id ORDER BY k.id`,
      )
      .all() as { kitchenId: string; events: number; head: number }[];
    // A gap-free log per kitchen: as many events as its last seq.
    for (const kitchen of kitchens) {
      if (kitchen.events !== kitchen.head) {
        problems.push(`${kitchen.kitchenId}: ${kitchen.events} events up to seq ${kitchen.head}`);
      }
    }
    return { ok: problems.length === 0, problems, kitchens };
  } catch (error) {
    return { ok: false, problems: [(error as Error).message], kitchens: [] };
  } finally {
    db.close();
  }
}

export interface BackupSchedule {
  dbFile: string;
  dir: string;
  everyMs: number;
  keep: number;
  log: (line: string) => void;
  now?: () => Date;
}

/** Makes one scheduled copy, then removes the oldest past `keep`. Returns its path. */
export async function scheduledBackup(schedule: BackupSchedule): Promise<string> {
  const { dbFile, dir, keep, log, now = () => new Date() } = schedule;
  const started = Date.now();
  const target = join(dir, backupName(now()));
  await backupDatabase(dbFile, target);
  const copies = readdirSync(dir)
    .filter((name) => SCHEDULED.test(name))
    .sort();
  for (const old of copies.slice(0, Math.max(0, copies.length - keep))) {
    rmSync(join(dir, old), { force: true });
  }
  const size = (statSync(target).size / 1024 / 1024).toFixed(1);
  log(`backup: ${target} (${size} MiB, ${Date.now() - started} ms); keeping the last ${keep}`);
  return target;
}

/**
 * Backs up now and then every `everyMs` (a server restarted daily still gets its copies); a
 * failure is logged and tried again next time.
 */
export function scheduleBackups(schedule: BackupSchedule): () => void {
  const run = () =>
    void scheduledBackup(schedule).catch((error: unknown) =>
      schedule.log(`backup failed: ${(error as Error).message}`),
    );
  run();
  const timer = setInterval(run, schedule.everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
