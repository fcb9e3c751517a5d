import { chmod, mkdir } from 'node:fs/promises';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Db } from './db';

function wrap(target: PGlite | Transaction, close: () => Promise<void>): Db {
  const db: Db = {
    kind: 'pglite',
    query: async <T>(sql: string, params: unknown[] = []) => (await target.query<T>(sql, params)).rows,
    transaction: (work) => {
      if (!('transaction' in target)) return work(db);
      return target.transaction((tx) => work(wrap(tx, close)));
    },
    close,
  };
  return db;
}

/** Embedded Postgres in this process, kept in `dir` (created if missing); in memory when `dir` is null. */
export async function openPgliteDb(dir: string | null): Promise<Db> {
  if (dir) {
    // PGlite creates its files world-writable (0666) whatever the umask: only this user may enter the folder.
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await chmod(dir, 0o700);
  }
  const pg = await PGlite.create(dir ?? undefined);
  return wrap(pg, () => pg.close());
}
