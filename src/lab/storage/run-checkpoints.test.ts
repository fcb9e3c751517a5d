import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it, vi } from 'vitest';
import type { ConfigId } from '../../adapters/configurations';
import { validRunResult } from '../../core/result-schema.test-fixture';
import { FakeWorker, model, sampleSources } from '../run/fake-worker.test-fixture';
import { inThreadDecoder } from '../run/input-decoder';
import { runLab, type LabPlan, type LabProgress } from '../run/run-lab';
import { RunCheckpointsDb } from './run-checkpoints';

const configIds: ConfigId[] = ['tfjs-cpu', 'tfjs-wasm', 'ort-wasm'];
const options = { modelId: 'nsfw-mobilenet-v2', note: 'the run options, kept to start it again' };

function plan(
  db: RunCheckpointsDb,
  started: FakeWorker[],
  restored: Awaited<ReturnType<RunCheckpointsDb['restore']>>,
) {
  const journal = db.journal(
    options,
    { modelId: 'nsfw-mobilenet-v2', configIds },
    restored?.restored ?? null,
  );
  const labPlan: LabPlan = {
    model: model(),
    imageSetName: 'fake',
    images: sampleSources,
    configIds,
    referenceConfigId: 'tfjs-wasm',
    warmupRuns: 1,
    timedRuns: 2,
    timeoutMs: 1000,
    assetBaseUrl: 'http://127.0.0.1/',
    environment: validRunResult().environment,
    crosscheckVersion: '0.1.0',
    journal,
    openDecoder: () => inThreadDecoder,
    startWorker: (configId) => {
      const worker = new FakeWorker(configId, {
        output: configId === 'tfjs-cpu' ? [0.6, 0.1, 0.1, 0.1, 0.1] : undefined,
      });
      started.push(worker);
      return worker;
    },
  };
  return { labPlan, journal };
}

/** Runs until `stopWhen` sees a progress event, then dies at the next step, as a killed tab would. */
async function interrupted(db: RunCheckpointsDb, stopWhen: (p: LabProgress) => boolean) {
  const started: FakeWorker[] = [];
  let dead = false;
  const { labPlan } = plan(db, started, null);
  await expect(
    runLab(
      labPlan,
      (p) => (dead ||= stopWhen(p)),
      undefined,
      async () => {
        if (dead) throw new Error('tab closed');
      },
    ),
  ).rejects.toThrow('tab closed');
  return started;
}

describe('RunCheckpointsDb', () => {
  it('resumes after the first configuration finished: it is not run again, and the record is whole', async () => {
    const db = new RunCheckpointsDb(`test-${Math.random()}`);
    await interrupted(db, (p) => p.phase === 'load' && p.configId === 'tfjs-cpu');
    const [stopped] = await db.unfinished();
    expect(stopped).toMatchObject({ options, modelId: 'nsfw-mobilenet-v2', configIds });
    expect(stopped.configs.map((c) => c.configId)).toEqual(['tfjs-wasm']);

    const restored = await db.restore(stopped.runId);
    expect(restored!.restored.images.size).toBe(sampleSources.length);
    const imageWrites = vi.spyOn(db.images, 'bulkPut');
    const started: FakeWorker[] = [];
    const result = await runLab(plan(db, started, restored).labPlan);
    // The images written down before the stop are checked, not written again.
    expect(imageWrites.mock.calls.flatMap(([rows]) => rows)).toEqual([]);
    expect(started.map((w) => w.configId)).toEqual(['tfjs-cpu', 'ort-wasm']);
    expect(result.runId).toBe(stopped.runId);
    expect(result.startedAt).toBe(stopped.startedAt);
    expect(result.configs.map((c) => [c.configId, c.status])).toEqual(configIds.map((id) => [id, 'ok']));
    // Compared with the reference outputs kept from the first attempt.
    expect(result.images[0].outcomes.map((o) => [o.configId, o.top1AgreesWithReference])).toEqual([
      ['tfjs-wasm', true],
      ['tfjs-cpu', false],
      ['ort-wasm', true],
    ]);
  });

  it('resumes inside a configuration: only the images it had not measured are run', async () => {
    const db = new RunCheckpointsDb(`test-${Math.random()}`);
    // Stops while tfjs-cpu classifies its first image: that one is measured and kept, the second is not.
    await interrupted(db, (p) => p.phase === 'images' && p.configId === 'tfjs-cpu' && p.done === 0);
    const [stopped] = await db.unfinished();
    const restored = await db.restore(stopped.runId);
    expect(
      restored?.restored.images
        .get(0)
        ?.outcomes.map((o) => o.configId)
        .sort(),
    ).toEqual(['tfjs-cpu', 'tfjs-wasm']);

    const started: FakeWorker[] = [];
    const result = await runLab(plan(db, started, restored).labPlan);
    const cpu = started.find((w) => w.configId === 'tfjs-cpu')!;
    // Loaded and timed again (1 cold + 1 warm-up + 2 timed), then only the second image.
    expect(cpu.infers).toHaveLength(5);
    expect(result.images.map((i) => i.outcomes.length)).toEqual([3, 3, 0]);
    await db.discard(stopped.runId);
    expect(await db.unfinished()).toEqual([]);
    expect(await db.outcomes.count()).toBe(0);
    expect(await db.references.count()).toBe(0);
  });

  it('resumes a run stopped inside its first configuration, whose images are written down as they decode', async () => {
    const db = new RunCheckpointsDb(`test-${Math.random()}`);
    // Stops while the reference classifies its first image: that one is measured and kept.
    await interrupted(db, (p) => p.phase === 'images' && p.configId === 'tfjs-wasm' && p.done === 0);
    const [stopped] = await db.unfinished();
    expect(stopped.imageCount).toBe(3);
    const restored = await db.restore(stopped.runId);
    expect(restored!.restored.images.get(0)?.outcomes.map((o) => o.configId)).toEqual(['tfjs-wasm']);
    expect(restored!.restored.images.get(1)?.outcomes ?? []).toEqual([]);

    const started: FakeWorker[] = [];
    const result = await runLab(plan(db, started, restored).labPlan);
    expect(started.map((w) => w.configId)).toEqual(['tfjs-wasm', 'tfjs-cpu', 'ort-wasm']);
    // Loaded and timed again (1 cold + 1 warm-up + 2 timed), then only the second image.
    expect(started[0].infers).toHaveLength(5);
    expect(result.images.map((i) => i.outcomes.length)).toEqual([3, 3, 0]);
    expect(result.images.map((i) => i.name)).toEqual(sampleSources.map((s) => s.name));
  });

  it('refuses to resume on inputs that differ from the ones the run started with', async () => {
    const db = new RunCheckpointsDb(`test-${Math.random()}`);
    await interrupted(db, (p) => p.phase === 'load' && p.configId === 'tfjs-cpu');
    const [stopped] = await db.unfinished();
    const restored = await db.restore(stopped.runId);
    const { labPlan } = plan(db, [], restored);
    await expect(runLab({ ...labPlan, images: [...sampleSources].reverse() })).rejects.toThrow(
      /cannot resume: bad\.png is not the input the run started with \(image 1\)/,
    );
  });
});

/** Counts the write requests that reach one table, below Dexie's API (put, update, modify alike). */
function countWrites(db: RunCheckpointsDb, tableName: string): { writes: number } {
  const counter = { writes: 0 };
  db.use({
    stack: 'dbcore',
    name: `count-${tableName}-writes`,
    create: (down) => ({
      ...down,
      table(name) {
        const table = down.table(name);
        if (name !== tableName) return table;
        return {
          ...table,
          mutate(request) {
            counter.writes++;
            return table.mutate(request);
          },
        };
      },
    }),
  });
  return counter;
}

describe('RunCheckpointsDb heartbeat', () => {
  async function writeOutcomes(db: RunCheckpointsDb, images: number): Promise<void> {
    const record = validRunResult();
    const journal = db.journal(options, { modelId: 'nsfw-mobilenet-v2', configIds });
    await journal.begin(`run-${images}`, record.startedAt, images);
    for (let index = 0; index < images; index++) {
      journal.image(index, record.images[0]);
      await journal.outcome(index, record.images[0].outcomes[0], null);
    }
  }

  it('a per-image checkpoint never rewrites the run row: its writes do not grow with the images', async () => {
    const db = new RunCheckpointsDb(`test-${Math.random()}`);
    const counter = countWrites(db, 'runs');
    await writeOutcomes(db, 1);
    const afterOne = counter.writes;
    await writeOutcomes(db, 30);
    // begin writes each run once; the 1 and 30 outcomes add nothing.
    expect(afterOne).toBe(1);
    expect(counter.writes - afterOne).toBe(1);
    expect(await db.outcomes.count()).toBe(31);
  });

  it('lists unfinished runs by their last checkpoint, newest first', async () => {
    const db = new RunCheckpointsDb(`test-${Math.random()}`);
    const record = validRunResult();
    const journals = ['older', 'newer'].map((id) => ({
      id,
      journal: db.journal(options, { modelId: 'nsfw-mobilenet-v2', configIds }),
    }));
    // Each step in its own millisecond, so the heartbeats cannot tie.
    const tick = () => new Promise((resolve) => setTimeout(resolve, 5));
    for (const { id, journal } of journals) {
      await journal.begin(id, record.startedAt, record.images.length);
      await tick();
    }
    expect((await db.unfinished()).map((run) => run.runId)).toEqual(['newer', 'older']);
    await journals[0].journal.outcome(0, record.images[0].outcomes[0], null);
    const [latest, other] = await db.unfinished();
    expect([latest.runId, other.runId]).toEqual(['older', 'newer']);
    expect(latest.updatedAt > other.updatedAt).toBe(true);
    expect((await db.restore('older'))?.run.updatedAt).toBe(latest.updatedAt);
    await db.discard('older');
    expect(await db.heartbeats.count()).toBe(1);
  });

  it('upgrades a version-1 store: the heartbeat and the images kept on the run row move to tables of their own', async () => {
    const name = `test-${Math.random()}`;
    const v1 = new Dexie(name);
    v1.version(1).stores({
      runs: 'runId, updatedAt',
      outcomes: '[runId+configId+imageIndex], runId',
      references: '[runId+imageIndex], runId',
    });
    const record = validRunResult();
    const row = {
      runId: 'from-v1',
      startedAt: record.startedAt,
      updatedAt: '2026-01-02T03:04:05.000Z',
      options,
      modelId: 'nsfw-mobilenet-v2',
      configIds,
      images: record.images,
      configs: [],
    };
    await v1.table('runs').put(row);
    v1.close();

    const db = new RunCheckpointsDb(name);
    const { images, ...rest } = row;
    expect(await db.unfinished()).toEqual([{ ...rest, imageCount: images.length }]);
    expect(await db.runs.get('from-v1')).not.toHaveProperty('updatedAt');
    const restored = await db.restore('from-v1');
    const noOutcomes = images.map((image) => ({ ...image, outcomes: [] }));
    expect([...restored!.restored.images.values()]).toEqual(noOutcomes);
    expect([...restored!.restored.images.keys()]).toEqual(images.map((_, index) => index));
  });
});
