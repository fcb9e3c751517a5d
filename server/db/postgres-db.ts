import postgres from 'postgres';
import type { Db } from './db';

type Sql = postgres.Sql | postgres.TransactionSql;

function wrap(sql: Sql, close: () => Promise<void>): Db {
  const db: Db = {
    kind: 'postgres',
    query: async <T>(text: string, params: unknown[] = []) =>
      (await sql.unsafe(text, params as postgres.ParameterOrJSON<never>[])) as unknown as T[],
    transaction: (work) => {
      if (!('begin' in sql)) return work(db);
      return sql.begin((tx) => work(wrap(tx, close))) as Promise<never>;
    },
    close,
  };
  return db;
}

/** A real PostgreSQL (or wire-compatible engine) at `url`, through a small connection pool. */
export async function openPostgresDb(url: string): Promise<Db> {
  const sql = postgres(url, { max: 10, onnotice: () => {} });
  await sql`select 1`;
  return wrap(sql, () => sql.end({ timeout: 5 }));
}
