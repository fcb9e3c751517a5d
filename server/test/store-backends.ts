import { randomUUID } from 'node:crypto';
import { validRunResult } from '../../src/core/result-schema.test-fixture';
import type { RunResult } from '../../src/core/result-schema';
import { startServer, type RunningServer, type ServerOptions } from '../start-server';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, it } from 'vitest';

/** The two storage engines every API test runs against; PostgreSQL only when DATABASE_URL_TEST is set. */
export const backends = [
  { name: 'PGlite', databaseUrl: undefined as string | undefined },
  { name: 'PostgreSQL', databaseUrl: process.env.DATABASE_URL_TEST },
];

/** The store's error answer: a message naming the field or the limit. */
export type ErrorAnswer = { error: string };

/** A JSON answer, typed as the API documents it (Node's fetch types the body unknown). */
export async function json<T>(response: Response | Promise<Response>): Promise<T> {
  return (await (await response).json()) as T;
}

export const testToken = 'test-lab-token-0123456789';

/**
 * A new empty database beside the test one (`<name>_<random>`), so that test files running in
 * parallel never share one; `drop` removes it.
 */
export async function freshDatabase(
  databaseUrl: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const url = new URL(databaseUrl);
  const name = `${url.pathname.slice(1)}_${randomUUID().slice(0, 8)}`;
  const admin = async (statement: string) => {
    const sql = postgres(databaseUrl, { onnotice: () => {} });
    try {
      await sql.unsafe(statement);
    } finally {
      await sql.end();
    }
  };
  await admin(`create database "${name}"`);
  url.pathname = `/${name}`;
  return { url: url.href, drop: () => admin(`drop database if exists "${name}" with (force)`) };
}

/** A fresh store: in-memory PGlite, or a new PostgreSQL database (dropped when the server closes). */
export async function freshServer(
  databaseUrl: string | undefined,
  options: ServerOptions = {},
): Promise<RunningServer> {
  if (!databaseUrl) return startServer({ dataDir: null, token: testToken, ...options });
  const database = await freshDatabase(databaseUrl);
  const server = await startServer({
    dataDir: null,
    databaseUrl: database.url,
    token: testToken,
    ...options,
  });
  return {
    ...server,
    close: async () => {
      try {
        await server.close();
      } finally {
        await database.drop();
      }
    },
  };
}

/** A valid record with its own run id, start time and, optionally, other model or environment. */
export function runVariant(change: (run: RunResult) => void = () => {}): RunResult {
  const run = validRunResult();
  run.runId = randomUUID();
  change(run);
  return run;
}

export function postRun(
  server: RunningServer,
  body: unknown,
  headers: Record<string, string> = {},
  query = '',
): Promise<Response> {
  return fetch(`${server.url}api/runs${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${testToken}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/**
 * One describe per store (embedded PGlite, and PostgreSQL when DATABASE_URL_TEST names one), each with
 * a fresh server (started with `options`) before its tests and closed after them; `server()` is that
 * store's server.
 */
export function describeEachStore(
  title: string,
  tests: (server: () => RunningServer, backend: (typeof backends)[number]) => void,
  options: ServerOptions = {},
): void {
  describe.each(backends)(`${title} on $name`, (backend) => {
    if (backend.name === 'PostgreSQL' && !backend.databaseUrl) {
      it.skip('needs DATABASE_URL_TEST (a throwaway PostgreSQL; .ci/start-postgres.sh prints one)', () => {});
      return;
    }
    let running: RunningServer | undefined;
    beforeAll(async () => {
      running = await freshServer(backend.databaseUrl, options);
    }, 120_000);
    afterAll(async () => running?.close());
    tests(() => running!, backend);
  });
}
