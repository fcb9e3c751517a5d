import { describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { migrate } from './migrate';
import { openPostgresDb } from './postgres-db';

const url = process.env.DATABASE_URL_TEST;

/** A database of its own beside DATABASE_URL_TEST's (same server, name + suffix), created empty. */
async function freshDatabase(suffix: string): Promise<string> {
  const target = new URL(url!);
  const name = `${target.pathname.slice(1)}_${suffix}`;
  const admin = postgres(url!, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  target.pathname = `/${name}`;
  return target.toString();
}

describe.skipIf(!url)('migrations on PostgreSQL', () => {
  it('64 servers starting at once on one fresh database all succeed, and each migration is applied once', async () => {
    const fresh = await freshDatabase('migrate');
    const dbs = await Promise.all(Array.from({ length: 64 }, () => openPostgresDb(fresh)));
    try {
      const outcomes = await Promise.allSettled(dbs.map((db) => migrate(db)));
      const failures = outcomes.flatMap((o) => (o.status === 'rejected' ? [String(o.reason)] : []));
      expect(failures).toEqual([]);
      const applied = outcomes.flatMap((o) => (o.status === 'fulfilled' ? o.value : []));
      const rows = await dbs[0].query<{ name: string }>(
        'select name from schema_migrations order by version',
      );
      // Every file was applied by exactly one of the 64.
      expect(applied.sort()).toEqual(rows.map((r) => r.name));
      expect(await migrate(dbs[0])).toEqual([]);
    } finally {
      await Promise.all(dbs.map((db) => db.close()));
    }
  }, 120_000);
});
