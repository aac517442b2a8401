import { describe, expect, it } from 'vitest';
import { describeDatabase, parseConfig } from './config';

describe('the database setting', () => {
  it('takes a PostgreSQL URL, and SQLite in the data folder without one', () => {
    const url = 'postgres://larder:secret@db.district.example:5432/larder';
    expect(parseConfig({ LARDER_DATABASE_URL: url }).databaseUrl).toBe(url);
    expect(parseConfig({}).databaseUrl).toBeUndefined();
  });

  it('refuses what is not a PostgreSQL URL, and SQLite backups with PostgreSQL', () => {
    expect(() => parseConfig({ LARDER_DATABASE_URL: 'mysql://x/y' })).toThrow(
      /LARDER_DATABASE_URL must be a PostgreSQL URL/,
    );
    expect(() =>
      parseConfig({ LARDER_DATABASE_URL: 'postgres://h/db', LARDER_BACKUP_DIR: '/backups' }),
    ).toThrow(/pg_dump/);
  });

  it('names where the events are without the password', () => {
    const line = describeDatabase({
      databaseUrl: 'postgresql://larder:secret@10.0.0.5:5433/district',
      dataDir: '/var/lib/larder',
    });
    expect(line).toBe('events in PostgreSQL at 10.0.0.5:5433/district');
    expect(describeDatabase({ databaseUrl: undefined, dataDir: '/data' })).toBe('data in /data');
  });
});

describe('the clock limit', () => {
  it('is 5 minutes unless LARDER_MAX_CLOCK_AHEAD gives seconds; refuses what is not a whole number', () => {
    expect(parseConfig({}).maxClockAheadMs).toBe(300_000);
    expect(parseConfig({ LARDER_MAX_CLOCK_AHEAD: '60' }).maxClockAheadMs).toBe(60_000);
    expect(() => parseConfig({ LARDER_MAX_CLOCK_AHEAD: '5m' })).toThrow(
      /LARDER_MAX_CLOCK_AHEAD must be a whole number/,
    );
  });
});
