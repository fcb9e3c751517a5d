import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from './db';

const migrationsDir = join(import.meta.dirname, '..', 'migrations');

/**
 * What a server sees when another one applies the same migration at the same moment: the same
 * catalog row or schema_migrations row inserted twice, a deadlock, or (CockroachDB) a serialization
 * failure. Each means "someone else got there first": read what is applied again and go on.
 */
const raceCodes = new Set(['23505', '42P07', '42710', '40P01', '40001']);
const maxAttempts = 30;

function isRace(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && raceCodes.has(code);
}

async function applyPending(db: Db, dir: string, applied: string[]): Promise<void> {
  await db.query(
    `create table if not exists schema_migrations (
       version integer primary key, name text not null, applied_at timestamptz not null default now())`,
  );
  const done = new Set(
    (await db.query<{ version: number }>('select version from schema_migrations')).map((r) => r.version),
  );
  const files = (await readdir(dir)).filter((f) => /^\d{3}-[a-z0-9-]+\.sql$/.test(f)).sort();
  for (const file of files) {
    const version = Number(file.slice(0, 3));
    if (done.has(version)) continue;
    const sql = await readFile(join(dir, file), 'utf8');
    await db.transaction(async (tx) => {
      // The version row first: a concurrent server applying the same file waits on it, then fails
      // on its primary key and rolls back its DDL (PostgreSQL DDL is transactional).
      await tx.query('insert into schema_migrations (version, name) values ($1, $2)', [version, file]);
      // One statement at a time: the extended protocol both drivers use takes a single statement.
      for (const statement of sql
        .split(/;\s*$/m)
        .map((s) => s.trim())
        .filter(Boolean))
        await tx.query(statement);
    });
    applied.push(file);
  }
}

/**
 * Applies server/migrations/NNN-name.sql in order, each once, each in its own transaction. Safe when
 * many servers start at once on one fresh database: no advisory lock (distributed Postgres engines
 * lack them); a server that loses a race retries after a short random pause and finds the work done.
 */
export async function migrate(db: Db, dir = migrationsDir): Promise<string[]> {
  const applied: string[] = [];
  for (let attempt = 1; ; attempt++) {
    try {
      await applyPending(db, dir, applied);
      return applied;
    } catch (error) {
      if (!isRace(error) || attempt >= maxAttempts) throw error;
      await sleep(5 + Math.random() * 20 * attempt);
    }
  }
}
