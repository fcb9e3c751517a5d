import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { validRunResult } from '../../core/result-schema.test-fixture';
import type { RunSummary } from '../../core/store-api';
import { startServer, type RunningServer } from '../../../server/start-server';
import { json } from '../../../server/test/store-backends';
import { LocalRunsDb } from '../storage/local-runs';
import { Outbox } from './outbox';
import { createStoreClient, type StoreClient } from './store-client';
import { realShapedRun } from '../../../server/test/real-shaped-run';
import { freePort } from '../../../test-support/free-port';

const token = 'outbox-test-token';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function server(port = 0): Promise<RunningServer> {
  const s = await startServer({ dataDir: null, token, port });
  cleanups.push(() => s.close().catch(() => {}));
  return s;
}

async function queuedRuns(db: LocalRunsDb, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const run = { ...validRunResult(), runId: randomUUID() };
    await db.save(run, 'queued');
    ids.push(run.runId);
  }
  return ids;
}

function client(storeUrl: string, tokenValue = token, fetchFn?: typeof fetch): StoreClient {
  return createStoreClient({
    baseUrl: storeUrl,
    settings: () => ({ token: tokenValue, deviceName: '' }),
    fetch: fetchFn,
  });
}

function outbox(db: LocalRunsDb, storeUrl: string, tokenValue = token): Outbox {
  const box = new Outbox({ db, client: client(storeUrl, tokenValue), baseDelayMs: 20, maxDelayMs: 100 });
  cleanups.push(() => box.stop());
  return box;
}

/** How many of these runs the store holds (each at most once: run_id is its primary key). */
const storedCount = async (s: RunningServer, ids: string[]) =>
  (
    await s.db.query<{ n: number }>(
      'select count(*)::integer as n from runs where run_id = any($1::uuid[])',
      [ids],
    )
  )[0].n;

/** Waits (bounded) until `check` holds. */
async function eventually(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end;) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('condition not met in time');
}

// Starting embedded Postgres takes seconds on a shared CPU: one store serves most tests.
let shared: RunningServer;
beforeAll(async () => {
  shared = await startServer({ dataDir: null, token });
}, 60_000);
afterAll(async () => shared?.close());

describe('Outbox', { timeout: 60_000 }, () => {
  it('sends queued runs to the store and marks them synced', async () => {
    const s = shared;
    const db = new LocalRunsDb(`outbox-${randomUUID()}`);
    const ids = await queuedRuns(db, 3);
    await outbox(db, s.url).flush();
    expect((await db.runs.toArray()).map((r) => r.sync)).toEqual(['synced', 'synced', 'synced']);
    expect(await storedCount(s, ids)).toBe(3);
  });

  it('keeps runs queued while the store is down and sends each once when it is back', async () => {
    const port = await freePort();
    const db = new LocalRunsDb(`outbox-${randomUUID()}`);
    const ids = await queuedRuns(db, 4);
    const box = outbox(db, `http://127.0.0.1:${port}/`);
    await box.flush();
    const waiting = await db.runs.toArray();
    expect(waiting.map((r) => r.sync)).toEqual(['queued', 'queued', 'queued', 'queued']);
    expect(waiting.some((r) => /^store unreachable/.test(r.syncError ?? ''))).toBe(true);

    const s = await server(port);
    // No nudge: the backoff timer retries by itself.
    await eventually(async () => (await db.runs.where('sync').equals('synced').count()) === 4);
    expect(await storedCount(s, ids)).toBe(4);
  });

  it('marks a run the store refuses as failed with the reason, and goes on with the rest', async () => {
    const s = shared;
    const db = new LocalRunsDb(`outbox-${randomUUID()}`);
    const [clash, fine] = await queuedRuns(db, 2);
    // The store already holds other content under the first run's id: it answers 409.
    const other = { ...validRunResult(), runId: clash, crosscheckVersion: '0.0.9' };
    await fetch(`${s.url}api/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(other),
    });
    await outbox(db, s.url).flush();
    const failed = await db.runs.get(clash);
    expect(failed?.sync).toBe('failed');
    expect(failed?.syncError).toMatch(/^409: runId/);
    expect((await db.runs.get(fine))?.sync).toBe('synced');
  });

  it('waits for a valid lab token without failing the run', async () => {
    const s = shared;
    const db = new LocalRunsDb(`outbox-${randomUUID()}`);
    const [id] = await queuedRuns(db, 1);
    await outbox(db, s.url, 'wrong-token').flush();
    const run = await db.runs.get(id);
    expect(run?.sync).toBe('queued');
    expect(run?.syncError).toMatch(/^401/);
    await outbox(db, s.url).flush();
    expect((await db.runs.get(id))?.sync).toBe('synced');
    expect(await storedCount(s, [id])).toBe(1);
  });

  it('lets runs behind one the store keeps failing go up, and fails that one after repeated 500s, retryable by hand', async () => {
    const s = shared;
    const db = new LocalRunsDb(`outbox-${randomUUID()}`);
    const [poison, ...good] = await queuedRuns(db, 4);
    let storeFails = true;
    const attempts = new Map<string, number>();
    // The store answers 500 for the oldest run (a record it cannot handle) and takes the others.
    const fetchStub: typeof fetch = async (url, init) => {
      const { runId } = JSON.parse(init?.body as string) as { runId: string };
      attempts.set(runId, (attempts.get(runId) ?? 0) + 1);
      if (runId === poison && storeFails) return Response.json({ error: 'internal error' }, { status: 500 });
      return fetch(url, init);
    };
    const box = new Outbox({
      db,
      client: client(s.url, token, fetchStub),
      baseDelayMs: 20,
      maxDelayMs: 100,
      maxRunFailures: 3,
    });
    cleanups.push(() => box.stop());
    await box.flush();
    expect(good.map((id) => attempts.get(id))).toEqual([1, 1, 1]);
    expect(await storedCount(s, good)).toBe(3);

    // Its own backoff timer tries the poison run again until it gives up on it.
    await eventually(async () => (await db.runs.get(poison))?.sync === 'failed');
    expect(attempts.get(poison)).toBe(3);
    expect((await db.runs.get(poison))?.syncError).toBe('500: internal error (3 attempts in a row)');

    storeFails = false;
    await box.retryFailed();
    expect((await db.runs.get(poison))?.sync).toBe('synced');
  });

  it("waits as long as the store's Retry-After says on 429 and 503", async () => {
    const db = new LocalRunsDb(`outbox-${randomUUID()}`);
    await queuedRuns(db, 2);
    const waits: number[] = [];
    const answers = [
      new Response('{}', { status: 503, headers: { 'retry-after': '7' } }),
      new Response('{}', {
        status: 429,
        headers: { 'retry-after': new Date(Date.now() + 3_600_000).toUTCString() },
      }),
    ];
    const box = new Outbox({
      db,
      client: client(
        'http://127.0.0.1:9/',
        token,
        async () => answers.shift() ?? new Response('{}', { status: 201 }),
      ),
      schedule: (wake, delayMs) => (waits.push(delayMs), () => {}),
    });
    await box.flush();
    expect(waits).toEqual([7000]);
    box.stop();
    await box.flush();
    expect(waits[1]).toBeGreaterThan(3_500_000);
    expect(waits[1]).toBeLessThanOrEqual(3_600_000);
    expect((await db.runs.toArray()).map((r) => r.sync)).toEqual(['queued', 'queued']);
  });

  it('links a run saved for a campaign to that campaign when it uploads it', async () => {
    const s = shared;
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const plan = {
      name: 'outbox',
      modelIds: ['m'],
      images: { source: 'samples' },
      configIds: ['tfjs-cpu'],
      repetitions: 1,
    };
    const { campaignId } = await json<{ campaignId: string }>(
      fetch(`${s.url}api/campaigns`, { method: 'POST', headers, body: JSON.stringify(plan) }),
    );
    const db = new LocalRunsDb(`outbox-${randomUUID()}`);
    const run = { ...validRunResult(), runId: randomUUID() };
    await db.save(run, 'queued', campaignId);
    await outbox(db, s.url).flush();
    const { runs } = await json<{ runs: RunSummary[] }>(
      fetch(`${s.url}api/campaigns/${campaignId}/contributions`),
    );
    expect(runs.map((r) => r.runId)).toEqual([run.runId]);
  });

  it('picks up a newly saved run by itself once started', async () => {
    const s = shared;
    const db = new LocalRunsDb(`outbox-${randomUUID()}`);
    outbox(db, s.url).start();
    const [id] = await queuedRuns(db, 1);
    await eventually(async () => (await db.runs.get(id))?.sync === 'synced');
    expect(await storedCount(s, [id])).toBe(1);
  });

  it("keeps each run's backoff and failed state in IndexedDB, so another outbox on the device (the service worker's) keeps to it", async () => {
    const s = shared;
    const db = new LocalRunsDb(`outbox-${randomUUID()}`);
    const [waiting, refused] = await queuedRuns(db, 2);
    const sent: string[] = [];
    // The page's outbox: the store fails on the first run and asks for an hour, and refuses the second.
    const pageStub: typeof fetch = async (url, init) => {
      const { runId } = JSON.parse(init?.body as string) as { runId: string };
      if (runId === waiting)
        return Response.json(
          { error: 'internal error' },
          { status: 500, headers: { 'retry-after': '3600' } },
        );
      return Response.json({ error: 'model.id: refused here' }, { status: 422 });
    };
    const page = new Outbox({ db, client: client(s.url, token, pageStub), schedule: () => () => {} });
    await page.flush();
    const left = await db.runs.get(waiting);
    expect([left?.sync, left?.syncFailures]).toEqual(['queued', 1]);
    expect(left?.syncRetryAt).toBeGreaterThan(Date.now() + 3_500_000);
    expect((await db.runs.get(refused))?.sync).toBe('failed');

    // A second outbox on the same IndexedDB (as the service worker runs it) sends only the run queued since.
    const [fine] = await queuedRuns(db, 1);
    const recording: typeof fetch = async (url, init) => {
      sent.push((JSON.parse(init?.body as string) as { runId: string }).runId);
      return fetch(url, init);
    };
    await new Outbox({ db, client: client(s.url, token, recording), schedule: () => () => {} }).flush();
    expect(sent).toEqual([fine]);
    expect((await db.runs.get(fine))?.sync).toBe('synced');
    expect(await storedCount(s, [waiting, refused, fine])).toBe(1);
  });

  it('sends a run over the raw 16 MiB body limit gzip-compressed, and the store keeps it whole', async () => {
    const s = shared;
    const db = new LocalRunsDb(`outbox-${randomUUID()}`);
    // About 3,000 images on 8 configurations: more than the store takes uncompressed.
    const run = realShapedRun(3000, 7);
    expect(JSON.stringify(run).length).toBeGreaterThan(16 * 1024 * 1024);
    await db.save(run, 'queued');
    const sent: string[] = [];
    const recording: typeof fetch = (url, init) => {
      sent.push(
        `${init?.method} ${new URL(url instanceof Request ? url.url : url).pathname} ${new Headers(init?.headers).get('content-encoding')}`,
      );
      return fetch(url, init);
    };
    const box = new Outbox({ db, client: client(s.url, token, recording) });
    await box.flush();
    expect(sent).toEqual(['POST /api/runs gzip']);
    const saved = await db.runs.get(run.runId);
    expect([saved?.sync, saved?.syncError]).toEqual(['synced', null]);
    expect(await json(fetch(`${s.url}api/runs/${run.runId}`))).toEqual(run);
  }, 240_000);
});
