/** Messages between the store's HTTP thread and the PGlite worker thread (server/db/pglite-worker.ts). */
export type PgliteCall = { kind: 'query'; sql: string; params: unknown[] } | { kind: 'close' };
export type PgliteRequest = PgliteCall & { id: number };

/** A database error as plain fields, so its SQLSTATE `code` survives the thread boundary. */
export type ErrorFields = { message: string } & Record<string, string | number | undefined>;

export type PgliteReply = { id: number; rows: unknown[] } | { id: number; error: ErrorFields };

/** The worker's first message: the database is open, or why it could not be. */
export type PgliteReady = { ready: true } | { ready: false; error: ErrorFields };

export function errorFields(error: unknown): ErrorFields {
  const fields: ErrorFields = { message: error instanceof Error ? error.message : String(error) };
  if (error && typeof error === 'object') {
    for (const [key, value] of Object.entries(error))
      if (typeof value === 'string' || typeof value === 'number') fields[key] = value;
  }
  return fields;
}

export function errorFromFields(fields: ErrorFields): Error {
  return Object.assign(new Error(fields.message), fields);
}
