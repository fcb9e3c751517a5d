import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { FleetCell, RunSummary } from '../src/core/store-api';
import { createStoreClient, type StoreClient } from '../src/lab/sync/store-client';
import { killProcess, startServerProcess } from '../e2e/support/server-process';
import { freePort } from '../test-support/free-port';
import { describeEachStore, type ErrorAnswer, freshDatabase, json, testToken } from './test/store-backends';
import { realShapedRun } from './test/real-shaped-run';

/** A client that sends any run of more than 4 images in parts of 4. */
const partsClient = (url: string): StoreClient =>
  createStoreClient({
    baseUrl: url,
    settings: () => ({ token: testToken, deviceName: '' }),
    partsAbove: 4,
    partImages: 4,
  });

const put = (url: string, body: unknown) =>
  fetch(url, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${testToken}` },
    body: JSON.stringify(body),
  });

describeEachStore('runs in parts', (server, { databaseUrl }) => {
  it('keeps a run out of reads and the fleet until its last part lands, then gives it back whole', async () => {
    const run = realShapedRun(10);
    const client = partsClient(server().url);
    const listed = async () =>
      (await json<{ runs: RunSummary[] }>(fetch(`${server().url}api/runs?limit=500`))).runs.some(
        (r) => r.runId === run.runId,
      );
    const fleetRuns = async () =>
      (await json<{ cells: FleetCell[] }>(fetch(`${server().url}api/fleet?model=${run.model.id}`))).cells
        .filter((c) => c.configId === 'ort-webnn')
        .reduce((n, c) => n + c.runs, 0);
    const fleetBefore = await fleetRuns();
    // Two of its three parts arrive (the device went offline).
    const partial = await client.postRunInParts({
      header: { ...run, images: [] },
      imageCount: 10,
      partCount: 3,
      parts: [run.images.slice(0, 4), run.images.slice(4, 8)],
    });
    expect([partial.status, await partial.json()]).toEqual([
      201,
      { runId: run.runId, stored: 'stored', complete: false },
    ]);
    const early = await fetch(`${server().url}api/runs/${run.runId}`);
    expect([early.status, (await json<ErrorAnswer>(early)).error]).toEqual([
      404,
      `run ${run.runId} is still being uploaded: 2 of 3 parts stored`,
    ]);
    expect(await listed()).toBe(false);
    expect(await fleetRuns()).toBe(fleetBefore);

    // The whole upload again: the stored parts are "already stored", the last one completes the run.
    const done = await client.postRun(run);
    expect([done.status, await done.json()]).toEqual([
      201,
      { runId: run.runId, stored: 'stored', complete: true },
    ]);
    expect(await json(fetch(`${server().url}api/runs/${run.runId}`))).toEqual(run);
    expect(await listed()).toBe(true);
    expect(await fleetRuns()).toBe(fleetBefore + 1);
    // Sent again once complete: the header says so at once, and nothing changes.
    const again = await client.postRun(run);
    expect([again.status, await again.json()]).toEqual([
      200,
      { runId: run.runId, stored: 'exists', complete: true },
    ]);
  });

  it('refuses a part with other content, one past the announced count, and one with no header, naming why', async () => {
    const run = realShapedRun(6);
    const base = `${server().url}api/runs/${run.runId}`;
    const orphan = await put(`${base}/parts/0`, { images: run.images.slice(0, 3) });
    expect([orphan.status, (await json<ErrorAnswer>(orphan)).error]).toEqual([
      404,
      `runId: no header for run ${run.runId}; send its header first`,
    ]);
    expect((await put(`${base}/header?parts=2&images=6`, { ...run, images: [] })).status).toBe(201);
    expect((await put(`${base}/parts/0`, { images: run.images.slice(0, 3) })).status).toBe(201);
    const other = await put(`${base}/parts/0`, { images: run.images.slice(3, 6) });
    expect([other.status, (await json<ErrorAnswer>(other)).error]).toEqual([
      409,
      `part 0: ${run.runId} already has a different part 0 stored`,
    ]);
    const past = await put(`${base}/parts/2`, { images: run.images.slice(3, 6) });
    expect([past.status, (await json<ErrorAnswer>(past)).error]).toEqual([
      422,
      'part: 2 is past the 2 parts this run was announced with',
    ]);
    const withImages = await put(`${base}/header?parts=2&images=6`, run);
    expect(withImages.status).toBe(422);
    const bad = await put(`${base}/parts/1`, { images: [{ name: 1 }] });
    expect([bad.status, (await json<ErrorAnswer>(bad)).error]).toEqual([
      422,
      expect.stringMatching(/^images\.0\./),
    ]);
  });

  it('stores a run in parts exactly once across a SIGKILL in the middle of its upload', async () => {
    const port = await freePort();
    const dataDir = await mkdtemp(join(tmpdir(), 'crosscheck-parts-'));
    const database = databaseUrl ? await freshDatabase(databaseUrl) : null;
    // The server process reads DATABASE_URL from its environment (PGlite in dataDir without it).
    const start = () => {
      const saved = process.env.DATABASE_URL;
      if (database) process.env.DATABASE_URL = database.url;
      try {
        return startServerProcess({ dataDir, token: testToken, port, storeOnly: true });
      } finally {
        if (database) process.env.DATABASE_URL = saved;
      }
    };
    let child = await start();
    try {
      const run = realShapedRun(12);
      const client = partsClient(child.url);
      await client.postRunInParts({
        header: { ...run, images: [] },
        imageCount: 12,
        partCount: 3,
        parts: [run.images.slice(0, 4)],
      });
      await killProcess(child.process);
      child = await start();
      const done = await partsClient(child.url).postRun(run);
      expect(done.status).toBe(201);
      expect(await json(fetch(`${child.url}api/runs/${run.runId}`))).toEqual(run);
      const { runs } = await json<{ runs: RunSummary[] }>(fetch(`${child.url}api/runs?limit=500`));
      expect(runs.filter((r) => r.runId === run.runId)).toHaveLength(1);
    } finally {
      await killProcess(child.process);
      await database?.drop();
    }
  }, 180_000);
});
