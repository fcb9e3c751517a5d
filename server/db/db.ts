/**
 * The one SQL path the store uses, on embedded PGlite or a real PostgreSQL alike. Parameters are
 * positional ($1, $2, ...); rows come back as plain objects keyed by column name.
 */
export interface Db {
  readonly kind: 'pglite' | 'postgres';
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs `work` in one transaction: all of its writes land, or none do. */
  transaction<T>(work: (tx: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
