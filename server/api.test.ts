import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../src/core/result-schema';
import type { FleetCell, RunSummary } from '../src/core/store-api';
import { migrate } from './db/migrate';
import type { RunningServer } from './start-server';
import { backends, freshServer, json, postRun, runVariant, testToken } from './test/store-backends';
import type { ErrorAnswer } from './test/store-backends';

/** Bad payloads a device, an old client or an attacker might send, and the field each must be named by. */
const badPayloads: { name: string; body: (run: RunResult) => unknown; status: number; field: string }[] = [
  { name: 'missing run id', body: (r) => ({ ...r, runId: undefined }), status: 422, field: 'runId' },
  {
    name: 'missing environment',
    body: (r) => ({ ...r, environment: undefined }),
    status: 422,
    field: 'environment',
  },
  {
    name: 'wrong type',
    body: (r) => ({ ...r, model: { ...r.model, classes: 'many' } }),
    status: 422,
    field: 'model.classes',
  },
  {
    name: 'unknown schema version',
    body: (r) => ({ ...r, schemaVersion: 99 }),
    status: 422,
    field: 'schemaVersion',
  },
  { name: 'invalid run id', body: (r) => ({ ...r, runId: '../../etc/passwd' }), status: 422, field: 'runId' },
  {
    name: 'invalid config id',
    body: (r) => (((r.configs[0] as { configId: string }).configId = 'WebGL!'), r),
    status: 422,
    field: 'configs.0.configId',
  },
  {
    name: 'script in a label',
    body: (r) => ((r.images[0].outcomes[0].top5[0].label = '<script>alert(1)</script>'), r),
    status: 422,
    field: 'images.0.outcomes.0.top5.0.label',
  },
  {
    name: 'bad sha256',
    body: (r) => ({ ...r, model: { ...r.model, sha256: 'xyz' } }),
    status: 422,
    field: 'model.sha256',
  },
  { name: 'bad date', body: (r) => ({ ...r, startedAt: 'yesterday' }), status: 422, field: 'startedAt' },
  { name: 'no configurations', body: (r) => ({ ...r, configs: [] }), status: 422, field: 'configs' },
  {
    name: 'unknown status',
    body: (r) => (((r.configs[0] as { status: string }).status = 'great'), r),
    status: 422,
    field: 'configs.0.status',
  },
  { name: 'an array, not a record', body: () => [1, 2, 3], status: 422, field: '(root)' },
  { name: 'not JSON', body: () => '{"runId": "3b24', status: 400, field: 'body' },
  {
    name: 'huge body',
    body: (r) => ({ ...r, padding: 'x'.repeat(2 * 1024 * 1024) }),
    status: 413,
    field: 'body',
  },
];

describe.each(backends)('store API on $name', { timeout: 60_000 }, ({ name, databaseUrl }) => {
  if (name === 'PostgreSQL' && !databaseUrl) {
    it.skip('needs DATABASE_URL_TEST (a throwaway PostgreSQL; .ci/start-postgres.sh prints one)', () => {});
    return;
  }
  let server: RunningServer;
  // Starting embedded Postgres takes seconds on a shared CPU (the suite's timeout covers the tests that start another).
  beforeAll(async () => {
    server = await freshServer(databaseUrl, { bodyLimitBytes: 1024 * 1024 });
  }, 60_000);
  afterAll(async () => server?.close());

  const count = async () =>
    (await server.db.query<{ n: number }>('select count(*)::integer as n from runs'))[0].n;

  it('stores a run once however often it is submitted (201, then 200), and refuses other content under its id', async () => {
    const run = runVariant();
    const first = await postRun(server, run);
    expect(first.status).toBe(201);
    const again = await Promise.all([postRun(server, run), postRun(server, run)]);
    expect(again.map((r) => r.status)).toEqual([200, 200]);
    expect(await json<RunResult>(fetch(`${server.url}api/runs/${run.runId}`))).toEqual(run);
    const changed = await postRun(server, { ...run, crosscheckVersion: '9.9.9' });
    expect(changed.status).toBe(409);
    expect((await json<ErrorAnswer>(changed)).error).toContain('runId');
    const rows = await server.db.query<{ n: number }>(
      'select count(*)::integer as n from runs where run_id = $1',
      [run.runId],
    );
    expect(rows[0].n).toBe(1);
  });

  it('refuses every kind of bad payload with a 4xx naming the field, and writes nothing', async () => {
    const before = await count();
    for (const bad of badPayloads) {
      const response = await postRun(server, bad.body(runVariant()));
      const body = await json<ErrorAnswer>(response);
      expect({ name: bad.name, status: response.status }).toEqual({ name: bad.name, status: bad.status });
      expect(body.error, bad.name).toContain(bad.field);
      expect(JSON.stringify(body), bad.name).not.toMatch(/\bat .*\.(ts|js):\d+/);
    }
    const wrongType = await postRun(server, runVariant(), { 'content-type': 'text/plain' });
    expect(wrongType.status).toBe(415);
    expect(await count()).toBe(before);
  });

  it('needs the lab token for writes, not for reads', async () => {
    const run = runVariant();
    expect((await postRun(server, run, { authorization: '' })).status).toBe(401);
    expect((await postRun(server, run, { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await postRun(server, run, { authorization: '', 'x-lab-token': testToken })).status).toBe(201);
    const campaign = await fetch(`${server.url}api/campaigns`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(campaign.status).toBe(401);
    expect((await fetch(`${server.url}api/runs`)).status).toBe(200);
  });

  it('pages through runs newest first with a cursor, and filters by model, configuration, device, browser and date', async () => {
    const tagged = Array.from({ length: 7 }, (_, i) =>
      runVariant((r) => {
        r.startedAt = `2030-05-0${i + 1}T10:00:00.000Z`;
        r.model.id = i < 4 ? 'page-model-a' : 'page-model-b';
        if (i % 2) r.environment.platform = 'Pixel 7';
        if (i === 6) r.environment.browser = { name: 'firefox', version: '140.0' };
        if (i === 0) r.configs = [r.configs[0]];
      }),
    );
    for (const run of tagged) expect((await postRun(server, run)).status).toBe(201);
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 5; page++) {
      const query: string = `api/runs?from=2030-01-01T00:00:00Z&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const body = await json<{ runs: RunSummary[]; nextCursor: string | null }>(fetch(server.url + query));
      seen.push(...body.runs.map((r) => r.runId));
      cursor = body.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(tagged.map((r) => r.runId).reverse());

    const ids = async (query: string) =>
      (
        await json<{ runs: RunSummary[] }>(fetch(`${server.url}api/runs?from=2030-01-01T00:00:00Z&${query}`))
      ).runs.map((r) => r.runId);
    const pick = (...i: number[]) => i.map((k) => tagged[k].runId).reverse();
    expect(await ids('model=page-model-a')).toEqual(pick(0, 1, 2, 3));
    expect(await ids('config=tfjs-webgl')).toEqual(pick(1, 2, 3, 4, 5, 6));
    const phone = (
      await json<{ runs: RunSummary[] }>(
        fetch(`${server.url}api/runs?from=2030-01-01T00:00:00Z&limit=1&model=page-model-a`),
      )
    ).runs[0].device;
    expect(await ids(`device=${encodeURIComponent(phone)}`)).toEqual(pick(1, 3, 5));
    expect(await ids('browser=firefox%20140')).toEqual(pick(6));
    expect(await ids('to=2030-05-03T00:00:00Z')).toEqual(pick(0, 1));
    expect((await fetch(`${server.url}api/runs?limit=0`)).status).toBe(400);
    expect((await fetch(`${server.url}api/runs?cursor=bogus`)).status).toBe(400);
    expect((await fetch(`${server.url}api/runs?from=last-week`)).status).toBe(400);
  });

  it('summarises the fleet per device and configuration', async () => {
    const runs = [5, 7, 9].map((p50) =>
      runVariant((r) => {
        r.model.id = 'fleet-model';
        r.configs[0].warm!.p50Ms = p50;
        r.configs[0].agreement!.top1AgreementRate = p50 === 9 ? 0.5 : 1;
      }),
    );
    for (const run of runs) await postRun(server, run);
    const { cells } = await json<{ cells: FleetCell[] }>(fetch(`${server.url}api/fleet?model=fleet-model`));
    const wasm = cells.find((c) => c.configId === 'ort-wasm');
    expect(wasm).toMatchObject({ runs: 3, okRuns: 3, latencyP50Ms: 7, accuracyTop1: 1 });
    expect(wasm?.top1Agreement).toBeCloseTo(2.5 / 3);
    expect(cells.find((c) => c.configId === 'tfjs-webgl')).toMatchObject({
      runs: 3,
      okRuns: 0,
      latencyP50Ms: null,
    });
  });

  it('never pools two models in one fleet cell', async () => {
    for (const [modelId, p50] of [
      ['pool-model-a', 5],
      ['pool-model-b', 50],
    ] as const)
      await postRun(
        server,
        runVariant((r) => {
          r.model.id = modelId;
          r.configs[0].warm!.p50Ms = p50;
        }),
      );
    const { cells } = await json<{ cells: FleetCell[] }>(fetch(`${server.url}api/fleet`));
    const wasm = cells.filter((c) => c.configId === 'ort-wasm' && c.modelId.startsWith('pool-model-'));
    expect(wasm.map((c) => [c.modelId, c.runs, c.latencyP50Ms])).toEqual([
      ['pool-model-a', 1, 5],
      ['pool-model-b', 1, 50],
    ]);
  });

  it('creates a campaign, returns its plan, and lists the runs contributed to it', async () => {
    const plan = {
      name: 'lab laptops',
      modelIds: ['nsfw-mobilenet-v2'],
      images: { source: 'samples', limit: 2 },
      configIds: ['tfjs-cpu'],
      repetitions: 1,
    };
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${testToken}` };
    const created = await fetch(`${server.url}api/campaigns`, {
      method: 'POST',
      headers,
      body: JSON.stringify(plan),
    });
    expect(created.status).toBe(201);
    const { campaignId } = await json<{ campaignId: string }>(created);
    expect((await json<{ plan: unknown }>(fetch(`${server.url}api/campaigns/${campaignId}`))).plan).toEqual(
      plan,
    );
    const bad = await fetch(`${server.url}api/campaigns`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ ...plan, repetitions: 0 }),
    });
    expect(bad.status).toBe(422);
    expect((await json<ErrorAnswer>(bad)).error).toContain('repetitions');

    const run: RunResult = runVariant();
    expect((await postRun(server, run, {}, `?campaign=${campaignId}`)).status).toBe(201);
    expect((await postRun(server, run, {}, `?campaign=${campaignId}`)).status).toBe(200);
    expect((await postRun(server, runVariant(), {}, `?campaign=${crypto.randomUUID()}`)).status).toBe(404);
    const contributions = await json<{ runs: RunSummary[]; cells: FleetCell[] }>(
      fetch(`${server.url}api/campaigns/${campaignId}/contributions`),
    );
    expect(contributions.runs.map((r) => r.runId)).toEqual([run.runId]);
    expect(contributions.cells.length).toBe(2);
  });

  it('applies each migration once', async () => {
    expect(await migrate(server.db)).toEqual([]);
  });

  it('answers a storage failure with a bare 500, no stack trace', async () => {
    const broken = await freshServer(databaseUrl);
    await broken.db.close();
    const response = await fetch(`${broken.url}api/runs`);
    expect(response.status).toBe(500);
    expect(await json<ErrorAnswer>(response)).toEqual({ error: 'internal error' });
    await broken.close().catch(() => {});
  });
});
