import { join } from 'node:path';
import type { Db } from './db';
import { migrate } from './migrate';
import { openPgliteDb } from './pglite-db';
import { openPostgresDb } from './postgres-db';
import { upgradeStoredRuns } from '../runs-store';

/**
 * PostgreSQL when a URL is given (DATABASE_URL), else embedded PGlite under `dataDir`/pglite
 * (in memory when `dataDir` is null). Migrations are applied, and runs stored at an older schema
 * version upgraded, before the Db is handed out.
 */
export async function openDb(options: { databaseUrl?: string; dataDir: string | null }): Promise<Db> {
  const db = options.databaseUrl
    ? await openPostgresDb(options.databaseUrl)
    : await openPgliteDb(options.dataDir ? join(options.dataDir, 'pglite') : null);
  try {
    await migrate(db);
    await upgradeStoredRuns(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
