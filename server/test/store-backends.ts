import { randomUUID } from 'node:crypto';
import { validRunResult } from '../../src/core/result-schema.test-fixture';
import type { RunResult } from '../../src/core/result-schema';
import { startServer, type RunningServer, type ServerOptions } from '../start-server';
import postgres from 'postgres';

/** The two storage engines every API test runs against; PostgreSQL only when DATABASE_URL_TEST is set. */
export const backends = [
  { name: 'PGlite', databaseUrl: undefined as string | undefined },
  { name: 'PostgreSQL', databaseUrl: process.env.DATABASE_URL_TEST },
];

export const testToken = 'test-lab-token-0123456789';

/** A fresh store: in-memory PGlite, or the test PostgreSQL database emptied first. */
export async function freshServer(databaseUrl: string | undefined, options: ServerOptions = {}): Promise<RunningServer> {
  if (databaseUrl) {
    const sql = postgres(databaseUrl, { onnotice: () => {} });
    await sql.unsafe('drop schema public cascade; create schema public');
    await sql.end();
  }
  return startServer({ dataDir: null, databaseUrl, token: testToken, ...options });
}

/** A valid record with its own run id, start time and, optionally, other model or environment. */
export function runVariant(change: (run: RunResult) => void = () => {}): RunResult {
  const run = validRunResult();
  run.runId = randomUUID();
  change(run);
  return run;
}

export function postRun(server: RunningServer, body: unknown, headers: Record<string, string> = {}, query = ''): Promise<Response> {
  return fetch(`${server.url}api/runs${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${testToken}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}
