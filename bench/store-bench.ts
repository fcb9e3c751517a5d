import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { validRunResult } from '../src/core/result-schema.test-fixture';
import { startServer } from '../server/start-server';

/**
 * Load on the store (a benchmark, not a test): many concurrent clients on loopback submit distinct
 * runs for a bounded time; prints accepted runs/s, latency p99 and errors, on PGlite and, when
 * DATABASE_URL_TEST (or DATABASE_URL) is set, on PostgreSQL.
 */
const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '10' }, connections: { type: 'string', default: '32' } },
});
const seconds = Math.min(120, Number(values.seconds));
const connections = Math.min(512, Number(values.connections));
const token = 'bench-token';
const template = validRunResult();

async function bench(name: string, databaseUrl?: string): Promise<void> {
  if (databaseUrl) {
    const { default: postgres } = await import('postgres');
    const sql = postgres(databaseUrl, { onnotice: () => {} });
    await sql.unsafe('drop schema public cascade; create schema public');
    await sql.end();
  }
  const server = await startServer({ dataDir: null, databaseUrl, token, rateLimits: { reads: 10_000_000, writes: 10_000_000 } });
  try {
    const result = await autocannon({
      url: `${server.url}api/runs`,
      connections,
      duration: seconds,
      requests: [
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          // A new run id per request: every request is a real insert, not an idempotent no-op.
          setupRequest: (request) => ({ ...request, body: JSON.stringify({ ...template, runId: randomUUID() }) }),
        },
      ],
    });
    const [stored] = await server.db.query<{ n: number }>('select count(*)::integer as n from runs');
    console.log(
      `${name.padEnd(11)} ${String(connections).padStart(4)} clients  ${(stored.n / seconds).toFixed(0).padStart(6)} accepted runs/s` +
        `  p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  non-2xx ${result.non2xx}  errors ${result.errors}  timeouts ${result.timeouts}`,
    );
  } finally {
    await server.close();
  }
}

await bench('PGlite');
const pgUrl = process.env.DATABASE_URL_TEST ?? process.env.DATABASE_URL;
if (pgUrl) await bench('PostgreSQL', pgUrl);
else console.log('PostgreSQL  skipped: set DATABASE_URL_TEST (a throwaway database: the bench empties it), e.g. from .ci/start-postgres.sh');
