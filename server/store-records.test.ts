import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RESULT_SCHEMA_VERSION, type RunResult } from '../src/core/result-schema';
import type { FleetCell, RunSummary } from '../src/core/store-api';
import { PREVIOUS_RESULT_SCHEMA_VERSION } from '../src/core/result-versions';
import type { Db } from './db/db';
import { migrate } from './db/migrate';
import { openDb } from './db/open-db';
import { openPgliteDb } from './db/pglite-db';
import { openPostgresDb } from './db/postgres-db';
import {
  backends,
  describeEachStore,
  type ErrorAnswer,
  freshDatabase,
  json,
  postRun,
  runVariant,
  testToken,
} from './test/store-backends';

const migrationsDir = join(import.meta.dirname, 'migrations');
const auth = { 'content-type': 'application/json', authorization: `Bearer ${testToken}` };

describeEachStore('stored records', (server, { name }) => {
  const readBack = async (runId: string) => (await fetch(`${server().url}api/runs/${runId}`)).json();
  const retract = (runId: string, body: unknown, headers: Record<string, string> = auth) =>
    fetch(`${server().url}api/runs/${runId}/retraction`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    });

  it('stores a jsonb object, and takes the same record with its keys in another order as already stored', async () => {
    const run = runVariant(
      (r) => (r.configs[0].runtime!.flags = { WASM_NUM_THREADS: 4, WEBGL_PACK: true, backend: 'wasm' }),
    );
    expect((await postRun(server(), run)).status).toBe(201);
    const [row] = await server().db.query<{ model: string | null; kind: string }>(
      "select record->'model'->>'id' as model, jsonb_typeof(record) as kind from runs where run_id = $1",
      [run.runId],
    );
    expect(row).toEqual({ model: run.model.id, kind: 'object' });
    const reordered = structuredClone(run);
    reordered.configs[0].runtime!.flags = { backend: 'wasm', WEBGL_PACK: true, WASM_NUM_THREADS: 4 };
    expect((await postRun(server(), reordered)).status).toBe(200);
  });

  it('accepts a record of the previous schema version and keeps it at the current one', async () => {
    const run = runVariant();
    const old = { ...run, schemaVersion: PREVIOUS_RESULT_SCHEMA_VERSION };
    expect((await postRun(server(), old)).status).toBe(201);
    expect(await readBack(run.runId)).toEqual({ ...run, schemaVersion: RESULT_SCHEMA_VERSION });
    expect((await postRun(server(), old)).status).toBe(200);
    expect((await postRun(server(), run)).status).toBe(200);
  });

  it('keeps two option variants of one backend apart: a row, a listed id and a fleet cell each', async () => {
    const run = runVariant((r) => {
      r.model.id = 'options-model';
      const [config] = r.configs;
      r.configs = [
        { ...config, configId: 'ort-wasm[graphOptimizationLevel=basic,threads=2]' },
        { ...config, configId: 'ort-wasm[threads=1]' },
      ];
      r.configs[0].options = {
        base: 'ort-wasm',
        hash: '00000000',
        values: { graphOptimizationLevel: 'basic', threads: 2 },
      };
      r.settings.referenceConfigId = 'ort-wasm[threads=1]';
      r.images = [];
      r.findings = [];
    });
    expect((await postRun(server(), run)).status).toBe(201);
    expect(await readBack(run.runId)).toEqual(run);
    const { runs } = await json<{ runs: RunSummary[] }>(fetch(`${server().url}api/runs?model=options-model`));
    const ids = ['ort-wasm[graphOptimizationLevel=basic,threads=2]', 'ort-wasm[threads=1]'];
    expect(runs.map((r) => r.configIds)).toEqual([ids]);
    const { cells } = await json<{ cells: FleetCell[] }>(
      fetch(`${server().url}api/fleet?model=options-model`),
    );
    expect(cells.map((c) => c.configId)).toEqual(ids);
  });

  it('refuses values past their meaning, so the fleet figures stay computable', async () => {
    const extreme = runVariant((r) => (r.configs[0].agreement!.top1AgreementRate = 1e308));
    for (let i = 0; i < 2; i++) {
      const response = await postRun(server(), { ...extreme, runId: crypto.randomUUID() });
      expect(response.status).toBe(422);
      expect((await json<ErrorAnswer>(response)).error).toContain('configs.0.agreement.top1AgreementRate');
    }
    expect((await fetch(`${server().url}api/fleet`)).status).toBe(200);
  });

  it('retracts a run with the lab token: kept and listed as retracted, left out of the fleet figures', async () => {
    const model = `retract-${name.toLowerCase()}`;
    const [kept, bad] = [runVariant((r) => (r.model.id = model)), runVariant((r) => (r.model.id = model))];
    for (const run of [kept, bad]) expect((await postRun(server(), run)).status).toBe(201);
    const cells = async () =>
      (await json<{ cells: { runs: number }[] }>(fetch(`${server().url}api/fleet?model=${model}`))).cells;
    expect((await cells())[0].runs).toBe(2);

    expect(
      (await retract(bad.runId, { reason: 'thermal throttling' }, { 'content-type': 'application/json' }))
        .status,
    ).toBe(401);
    const noReason = await retract(bad.runId, {});
    expect(noReason.status).toBe(422);
    expect((await json<ErrorAnswer>(noReason)).error).toContain('reason');
    expect((await retract(crypto.randomUUID(), { reason: 'x' })).status).toBe(404);

    const done = await retract(bad.runId, { reason: 'thermal throttling' });
    expect(done.status).toBe(200);
    const { retracted } = await json<{ retracted: { reason: string } }>(done);
    expect(retracted.reason).toBe('thermal throttling');
    // Retracting again keeps the first retraction.
    expect((await json<{ retracted: unknown }>(retract(bad.runId, { reason: 'other' }))).retracted).toEqual(
      retracted,
    );

    expect((await cells())[0].runs).toBe(1);
    const { runs } = await json<{ runs: { runId: string; retracted: unknown }[] }>(
      fetch(`${server().url}api/runs?model=${model}`),
    );
    expect(
      Object.fromEntries(runs.map((r: { runId: string; retracted: unknown }) => [r.runId, r.retracted])),
    ).toEqual({
      [kept.runId]: null,
      [bad.runId]: retracted,
    });
    expect(await readBack(bad.runId)).toEqual(bad);
  });
});

/** A store as an older server left it: migrations 001-002, version-1 records, stored as JSON strings inside jsonb. */
async function olderStore(databaseUrl: string | undefined, dataDir: string): Promise<Db> {
  const db = databaseUrl ? await openPostgresDb(databaseUrl) : await openPgliteDb(join(dataDir, 'pglite'));
  const dir = await mkdtemp(join(tmpdir(), 'crosscheck-migrations-'));
  for (const file of ['001-runs.sql', '002-campaigns.sql'])
    await copyFile(join(migrationsDir, file), join(dir, file));
  await migrate(db, dir);
  await rm(dir, { recursive: true });
  return db;
}

describe.each(backends)('an older store on $name, opened by this version', ({ name, databaseUrl }) => {
  if (name === 'PostgreSQL' && !databaseUrl) {
    it.skip('needs DATABASE_URL_TEST (a throwaway PostgreSQL; .ci/start-postgres.sh prints one)', () => {});
    return;
  }

  it('unwraps double-encoded records and plans, and upgrades version-1 records to the current version', async () => {
    const run: RunResult = runVariant();
    const old = { ...run, schemaVersion: PREVIOUS_RESULT_SCHEMA_VERSION };
    const plan = {
      name: 'old',
      modelIds: ['m'],
      images: { source: 'samples' },
      configIds: ['tfjs-cpu'],
      repetitions: 1,
    };
    const campaignId = crypto.randomUUID();
    const dataDir = await mkdtemp(join(tmpdir(), 'crosscheck-older-'));
    const database = databaseUrl ? await freshDatabase(databaseUrl) : undefined;
    const older = await olderStore(database?.url, dataDir);
    await older.query(
      `insert into runs (run_id, schema_version, model_id, device, browser, started_at, image_set_sha256, record)
       values ($1, 1, $2, 'd', 'b', $3, $4, to_jsonb($5::text))`,
      [run.runId, run.model.id, run.startedAt, run.imageSet.sha256, JSON.stringify(old)],
    );
    await older.query('insert into campaigns (campaign_id, plan) values ($1, to_jsonb($2::text))', [
      campaignId,
      JSON.stringify(plan),
    ]);
    await older.close();
    const db = await openDb({ databaseUrl: database?.url, dataDir });
    try {
      const [row] = await db.query<{ record: unknown; schema_version: number }>(
        'select record, schema_version from runs where run_id = $1',
        [run.runId],
      );
      expect(row).toEqual({
        record: { ...run, schemaVersion: RESULT_SCHEMA_VERSION },
        schema_version: RESULT_SCHEMA_VERSION,
      });
      const [campaign] = await db.query<{ plan: unknown }>(
        'select plan from campaigns where campaign_id = $1',
        [campaignId],
      );
      expect(campaign.plan).toEqual(plan);
    } finally {
      await db.close();
      await database?.drop();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
