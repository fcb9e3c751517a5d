import { describe, expect, it, vi } from 'vitest';
import type { ConfigId } from '../../adapters/configurations';
import { validRunResult } from '../../core/result-schema.test-fixture';
import type { ImageSource } from '../images/image-sources';
import { FakeWorker, model, png, sampleSources } from './fake-worker.test-fixture';
import { inThreadDecoder, type OpenDecoder } from './input-decoder';
import { runLab, type LabPlan, type LabProgress } from './run-lab';
import type { RunJournal } from './run-journal';

const images = sampleSources;

/** Starts scripted workers and records how many were alive at once and in which order they started. */
function workers(outputs: Partial<Record<ConfigId, number[]>> = {}) {
  const started: FakeWorker[] = [];
  let maxAlive = 0;
  const startWorker = (configId: ConfigId) => {
    const worker = new FakeWorker(configId, { output: outputs[configId] });
    started.push(worker);
    maxAlive = Math.max(maxAlive, started.filter((w) => !w.terminated).length);
    return worker;
  };
  return { started, startWorker, maxAlive: () => maxAlive };
}

function plan(overrides: Partial<LabPlan>): LabPlan {
  return {
    model: model(),
    imageSetName: 'fake',
    images,
    configIds: ['tfjs-cpu', 'tfjs-wasm', 'ort-wasm'],
    referenceConfigId: 'tfjs-wasm',
    warmupRuns: 1,
    timedRuns: 2,
    timeoutMs: 1000,
    assetBaseUrl: 'http://127.0.0.1/',
    environment: validRunResult().environment,
    crosscheckVersion: '0.1.0',
    openDecoder: () => inThreadDecoder,
    ...overrides,
  };
}

describe('runLab', () => {
  it('profiles each configuration in a pass of its own after its images, and keeps the profile with the run', async () => {
    const fake = workers();
    const result = await runLab(plan({ startWorker: fake.startWorker, profileRuns: 3 }));
    for (const worker of fake.started) {
      // One inference per worker call, each within the time limit of a timed one.
      expect(worker.profiles).toEqual([1, 1, 1]);
      // Inferences are the timing phase's (1 cold + warm-up + 2 timed) and one per decoded image (2 of 3):
      // the profiling pass adds none to them.
      expect(worker.infers.length).toBe(
        result.configs.find((c) => c.configId === worker.configId)!.warmupRuns + 3 + 2,
      );
    }
    expect(Object.keys(result.profile ?? {}).sort()).toEqual(['ort-wasm', 'tfjs-cpu', 'tfjs-wasm']);
    expect(result.profile?.['tfjs-cpu'].ops).toEqual([{ op: 'Conv2D', ms: 2, count: 1 }]);
    expect((await runLab(plan({ startWorker: workers().startWorker }))).profile).toBeUndefined();
  });

  it('runs a variant on every configuration but the reference, which runs the original, and records it', async () => {
    const fake = workers();
    const original = model();
    const variantSource = { kind: 'bytes' as const, model: { entry: 'variant.onnx', files: {} } };
    const result = await runLab(
      plan({
        startWorker: fake.startWorker,
        configIds: ['tfjs-cpu', 'tfjs-wasm', 'ort-wasm'],
        referenceConfigId: 'tfjs-cpu',
        variant: {
          spec: { kind: 'int8' },
          files: [
            {
              format: 'onnx',
              originalSha256: 'b'.repeat(64),
              originalBytes: 100,
              sha256: 'c'.repeat(64),
              bytes: 30,
              detail: '1 weight tensor in int8',
            },
          ],
          model: {
            ...original,
            loadRequestFor: (runtime, expectedInputs) =>
              runtime === 'ort'
                ? {
                    request: { format: 'onnx', source: variantSource, expectedInputs },
                    entry: 'variant.onnx',
                  }
                : { unsupported: 'unsupported: the int8 variant is made for ort only' },
          },
        },
      }),
    );
    const loaded = (id: string) => fake.started.find((w) => w.configId === id)?.loads[0]?.source;
    expect(loaded('tfjs-cpu')).toEqual(original.source);
    expect(loaded('ort-wasm')).toEqual(variantSource);
    expect(result.configs.map((c) => `${c.configId}:${c.status}`)).toEqual([
      'tfjs-cpu:ok',
      'tfjs-wasm:unsupported',
      'ort-wasm:ok',
    ]);
    expect(result.variant).toMatchObject({
      spec: 'int8',
      kind: 'int8',
      precision: {
        'tfjs-cpu': { ran: 'original' },
        'tfjs-wasm': { ran: 'none', note: 'unsupported: the int8 variant is made for ort only' },
        'ort-wasm': { ran: 'variant', weights: 'int8', arithmetic: 'float32' },
      },
    });
    expect((await runLab(plan({ startWorker: workers().startWorker }))).variant).toBeUndefined();
  });

  it('says no image could be decoded, naming each, when every chosen image is bad', async () => {
    const text = (content: string) => async () => new TextEncoder().encode(content);
    const images = [
      { name: 'notes.jpg', read: text('not an image') },
      { name: 'empty.png', read: text('') },
    ];
    await expect(runLab(plan({ images }))).rejects.toThrow(
      /^no image could be decoded \(2 tried\): notes\.jpg: .+; empty\.png: /,
    );
  });

  it('decodes the first image while the first worker starts, the rest only beside its images, all before the next loads', async () => {
    const events: string[] = [];
    /** Logs each model load and timing loop as the worker receives it. */
    class LoggingWorker extends FakeWorker {
      override async load(...args: Parameters<FakeWorker['load']>) {
        events.push(`load ${this.configId}`);
        return super.load(...args);
      }
      override async timeLoop(...args: Parameters<FakeWorker['timeLoop']>) {
        events.push(`time ${this.configId}`);
        return super.timeLoop(...args);
      }
    }
    const startWorker = (configId: ConfigId) => (
      events.push(`start ${configId}`),
      new LoggingWorker(configId)
    );
    const reading = sampleSources.map((source) => ({
      ...source,
      read: () => (events.push(`read ${source.name}`), source.read()),
    }));
    const openDecoder: OpenDecoder = (imageCount, besideRuntime) => {
      events.push(`open ${imageCount} ${besideRuntime ? 'beside' : 'alone'}`);
      return { ...inThreadDecoder, parallel: 2, close: () => void events.push('close') };
    };
    const result = await runLab(
      plan({ configIds: ['tfjs-wasm', 'tfjs-cpu'], images: reading, startWorker, openDecoder }),
    );
    expect(result.images.map((i) => i.inputSha256 !== null)).toEqual([true, true, false]);
    const upToSecondLoad = events.slice(0, events.indexOf('load tfjs-cpu'));
    expect(upToSecondLoad.filter((e) => !e.startsWith('read'))).toEqual([
      'start tfjs-wasm',
      'load tfjs-wasm',
      'time tfjs-wasm',
      'open 2 beside',
      'close',
      'start tfjs-cpu',
    ]);
    // The first image is read on the page before the model loads; the others only once it is timed.
    expect(upToSecondLoad.indexOf('read a.png')).toBeLessThan(upToSecondLoad.indexOf('load tfjs-wasm'));
    expect(upToSecondLoad.indexOf('read b.png')).toBeGreaterThan(upToSecondLoad.indexOf('open 2 beside'));
    expect(events.filter((e) => e.startsWith('read'))).toHaveLength(3);
  });

  it('ends the worker it started early when the run cannot begin', async () => {
    const fake = workers();
    const bad = [{ name: 'notes.jpg', read: async () => new TextEncoder().encode('not an image') }];
    await expect(runLab(plan({ images: bad, startWorker: fake.startWorker }))).rejects.toThrow(/no image/);
    expect(fake.started.map((w) => w.terminated)).toEqual([true]);
  });

  it('runs configuration by configuration, the reference first, one worker alive at a time', async () => {
    const fake = workers({ 'tfjs-cpu': [0.6, 0.1, 0.1, 0.1, 0.1] });
    const progress: LabProgress[] = [];
    const result = await runLab(plan({ startWorker: fake.startWorker }), (p) => progress.push(p));

    expect(fake.started.map((w) => w.configId)).toEqual(['tfjs-wasm', 'tfjs-cpu', 'ort-wasm']);
    expect(fake.maxAlive()).toBe(1);
    expect(fake.started.every((w) => w.terminated)).toBe(true);
    // Each worker: load, timing on the first image, then its images; never touched again after the next starts.
    const phases = progress.map((p) => `${p.configId ?? '-'}:${p.phase}`);
    expect(phases.indexOf('tfjs-cpu:load')).toBeGreaterThan(phases.lastIndexOf('tfjs-wasm:images'));
    // The record keeps the plan's order; every configuration saw byte-identical inputs.
    expect(result.configs.map((c) => c.configId)).toEqual(['tfjs-cpu', 'tfjs-wasm', 'ort-wasm']);
    const fed = fake.started.map((w) => Buffer.from(w.infers.at(-1)!.inputs[0].data.buffer));
    expect(fed[1].equals(fed[0]) && fed[2].equals(fed[0])).toBe(true);
    // Later configurations are compared with the reference's outputs, kept from its pass.
    const [a, b, bad] = result.images;
    expect(a.outcomes.map((o) => [o.configId, o.top1AgreesWithReference])).toEqual([
      ['tfjs-wasm', true],
      ['tfjs-cpu', false],
      ['ort-wasm', true],
    ]);
    expect(b.outcomes).toHaveLength(3);
    expect(bad.decodeError).not.toBeNull();
    expect(bad.outcomes).toEqual([]);
    expect(result.configs[0].agreement?.top1AgreementRate).toBe(0);
    expect(result.configs[2].agreement?.top1AgreementRate).toBe(1);
  });

  it('re-derives an input it did not keep and refuses one that changed', async () => {
    let shade = 10;
    const changing: ImageSource = {
      name: 'c.png',
      read: async () => png('c.png', shade++).read(),
    };
    const { InputStore } = await import('./input-store');
    const store = new InputStore([images[0], changing], model().manifest.preprocess, 0);
    await store.prepareAll();
    await expect(store.tensor(0)).resolves.not.toBeNull();
    await expect(store.tensor(1)).rejects.toThrow(/c\.png: the input re-derived from the file differs/);
  });

  it('Cancel during a hung inference ends the run at once as cancelled, keeping what was measured', async () => {
    const started: FakeWorker[] = [];
    const controller = new AbortController();
    const startWorker = (configId: ConfigId) => {
      // ort-wasm hangs on its first image (after 1 cold + 1 warm-up + 2 timed inferences).
      const worker = new FakeWorker(configId, { hangAt: configId === 'ort-wasm' ? 4 : undefined });
      started.push(worker);
      return worker;
    };
    const result = await runLab(
      plan({ startWorker, configIds: ['tfjs-wasm', 'ort-wasm', 'tfjs-cpu'] }),
      (p) => {
        if (p.configId === 'ort-wasm' && p.phase === 'images' && p.done === 0) {
          // Cancel once the hung call is in flight: nothing but terminating the worker can end it.
          setTimeout(() => controller.abort(new Error('cancelled by the user')));
        }
      },
      controller.signal,
    );

    expect(result.status).toBe('cancelled');
    expect(result.configs.map((c) => [c.configId, c.status])).toEqual([
      ['tfjs-wasm', 'ok'],
      ['ort-wasm', 'cancelled'],
      ['tfjs-cpu', 'cancelled'],
    ]);
    expect(result.configs[1].reason).toBe('ort-wasm: cancelled by the user');
    expect(result.configs[2].reason).toBe('tfjs-cpu: cancelled before it ran');
    // ort-wasm's timing was measured before the cancel and is kept; the hung image is not an outcome.
    expect(result.configs[1].warmSamplesMs).toHaveLength(2);
    expect(result.images[0].outcomes.map((o) => o.configId)).toEqual(['tfjs-wasm']);
    expect(started.map((w) => [w.configId, w.terminated])).toEqual([
      ['tfjs-wasm', true],
      ['ort-wasm', true],
    ]);
    expect(result.findings.filter((f) => f.kind === 'failed')).toEqual([]);
  });

  it('Cancel between two images (no call in flight) also keeps the run, naming the cancel', async () => {
    const controller = new AbortController();
    const fake = workers();
    const result = await runLab(
      plan({ startWorker: fake.startWorker }),
      (p) => p.configId === 'tfjs-cpu' && p.phase === 'images' && p.done === 1 && controller.abort(),
      controller.signal,
    );
    expect(result.status).toBe('cancelled');
    expect(result.configs.map((c) => [c.configId, c.status, c.reason])).toEqual([
      ['tfjs-cpu', 'cancelled', 'tfjs-cpu: cancelled by the user'],
      ['tfjs-wasm', 'ok', null],
      ['ort-wasm', 'cancelled', 'ort-wasm: cancelled before it ran'],
    ]);
    // tfjs-cpu's first image was measured before the cancel and is kept.
    expect(result.images.map((i) => i.outcomes.map((o) => o.configId))).toEqual([
      ['tfjs-wasm', 'tfjs-cpu'],
      ['tfjs-wasm'],
      [],
    ]);
  });

  it('a resumed run measures only what the cut-off attempt had not: no configuration or image twice', async () => {
    // The first attempt: the reference finished, tfjs-cpu measured its first image, then the page died.
    const outcomes: { imageIndex: number; configId: string }[] = [];
    const journal = (restored: RunJournal['restored']): RunJournal => ({
      restored,
      begin: async () => {},
      image: () => {},
      outcome: async (imageIndex, outcome) => void outcomes.push({ imageIndex, configId: outcome.configId }),
      configDone: async () => {},
    });
    const full = await runLab(plan({ startWorker: workers().startWorker }));
    const [reference] = full.configs.filter((c) => c.configId === 'tfjs-wasm');
    const referenceOutputs = new Map<number, Float32Array>([
      [0, new Float32Array([0.6, 0.1, 0.1, 0.1, 0.1])],
      [1, new Float32Array([0.6, 0.1, 0.1, 0.1, 0.1])],
    ]);
    const keep = (image: (typeof full.images)[number], index: number) => ({
      ...image,
      outcomes: image.outcomes.filter(
        (o) => o.configId === 'tfjs-wasm' || (o.configId === 'tfjs-cpu' && index === 0),
      ),
    });
    const fake = workers();
    const progress: LabProgress[] = [];
    const result = await runLab(
      plan({
        startWorker: fake.startWorker,
        journal: journal({
          runId: full.runId,
          startedAt: full.startedAt,
          imageCount: full.images.length,
          images: new Map(full.images.map((image, index) => [index, keep(image, index)])),
          configs: [reference],
          referenceOutputs,
        }),
      }),
      (p) => progress.push(p),
    );

    expect(fake.started.map((w) => w.configId)).toEqual(['tfjs-cpu', 'ort-wasm']);
    expect(outcomes).toEqual([
      { imageIndex: 1, configId: 'tfjs-cpu' },
      { imageIndex: 0, configId: 'ort-wasm' },
      { imageIndex: 1, configId: 'ort-wasm' },
    ]);
    // Progress names only the images measured now, so a resumed CLI's log shows what it redid.
    const measured = progress.filter((p) => p.phase === 'images').map((p) => `${p.configId}:${p.done}`);
    expect(measured).toEqual(['tfjs-cpu:1', 'tfjs-cpu:2', 'ort-wasm:0', 'ort-wasm:1', 'ort-wasm:2']);
    expect(result.runId).toBe(full.runId);
    expect(result.images.map((i) => i.outcomes.map((o) => o.configId))).toEqual([
      ['tfjs-wasm', 'tfjs-cpu', 'ort-wasm'],
      ['tfjs-wasm', 'tfjs-cpu', 'ort-wasm'],
      [],
    ]);
  });

  it("sends the first image's labels as soon as the reference's cold inference answers, before its timing loops", async () => {
    const fake = workers();
    const seen: { labels: string[]; inferencesSoFar: number }[] = [];
    await runLab(plan({ startWorker: fake.startWorker }), (p) => {
      if (p.firstLabels)
        seen.push({
          labels: p.firstLabels.labels.map((l) => l.label),
          inferencesSoFar: fake.started.at(-1)!.infers.length,
        });
    });
    // One per configuration, each after exactly one inference (the cold one) on its worker.
    expect(seen).toHaveLength(3);
    expect(seen.every((s) => s.inferencesSoFar === 1 && s.labels.length === 5)).toBe(true);
  });

  it('loads the first configuration while the environment is still being collected, and times only once it is in', async () => {
    const fake = workers();
    const { environment } = validRunResult();
    let collect: (e: typeof environment) => void = () => {};
    const collecting = new Promise<typeof environment>((resolve) => (collect = resolve));
    const running = runLab(plan({ startWorker: fake.startWorker, environment: collecting }));
    await vi.waitFor(() => expect(fake.started[0]?.loads).toHaveLength(1));
    // Let the run go as far as it will without the environment: it must not start timing.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fake.started[0].infers).toHaveLength(0);
    collect(environment);
    const result = await running;
    expect(result.environment).toEqual(environment);
    expect(fake.started[0].infers.length).toBeGreaterThan(0);
  });

  it("writes each image's checkpoint while the next image infers, announcing an image only once the one before is written", async () => {
    const fake = workers();
    const events: string[] = [];
    const pending: (() => void)[] = [];
    const inferencesAtWrite: number[] = [];
    const journal: RunJournal = {
      restored: null,
      begin: async () => {},
      image: () => {},
      // A slow store: each write stays open until the test lets it finish.
      outcome: (imageIndex, outcome) =>
        new Promise<void>((resolve) => {
          events.push(`write ${outcome.configId}:${imageIndex}`);
          inferencesAtWrite.push(fake.started[0].infers.length);
          pending.push(() => (events.push(`written ${outcome.configId}:${imageIndex}`), resolve()));
        }),
      configDone: async (result) => void events.push(`done ${result.configId}`),
    };
    const running = runLab(
      plan({
        configIds: ['tfjs-wasm'],
        images: sampleSources.slice(0, 2),
        startWorker: fake.startWorker,
        journal,
      }),
      (p) => p.phase === 'images' && events.push(`progress ${p.configId}:${p.done}`),
    );
    await vi.waitFor(() => expect(pending).toHaveLength(1));
    // The second image is sent while the first one's checkpoint is still open (as soon as it is decoded) …
    await vi.waitFor(() => expect(fake.started[0].infers).toHaveLength(inferencesAtWrite[0] + 1));
    // … but it is announced only once that checkpoint is in.
    expect(events).toEqual(['progress tfjs-wasm:0', 'write tfjs-wasm:0']);
    pending[0]();
    await vi.waitFor(() => expect(pending).toHaveLength(2));
    pending[1]();
    await running;
    expect(events).toEqual([
      'progress tfjs-wasm:0',
      'write tfjs-wasm:0',
      'written tfjs-wasm:0',
      'progress tfjs-wasm:1',
      'write tfjs-wasm:1',
      'written tfjs-wasm:1',
      'done tfjs-wasm',
    ]);
  });
  it('sends the next image before the one before it answers, so the worker never waits between images', async () => {
    /** Holds every inference after the timing loop until the test releases it. */
    class HoldingWorker extends FakeWorker {
      readonly held: (() => void)[] = [];
      #timed = false;
      override async timeLoop(...args: Parameters<FakeWorker['timeLoop']>) {
        const loop = await super.timeLoop(...args);
        this.#timed = true;
        return loop;
      }
      override async infer(request: Parameters<FakeWorker['infer']>[0]) {
        if (this.#timed) await new Promise<void>((release) => this.held.push(release));
        return super.infer(request);
      }
    }
    const worker = new HoldingWorker('tfjs-wasm');
    const running = runLab(
      plan({
        configIds: ['tfjs-wasm'],
        images: [png('a.png', 1), png('b.png', 2), png('c.png', 3)],
        startWorker: () => worker,
      }),
    );
    // The first image has not answered, and the second is already in the worker; the third is not.
    await vi.waitFor(() => expect(worker.held).toHaveLength(2));
    worker.held[0]();
    await vi.waitFor(() => expect(worker.held).toHaveLength(3));
    worker.held.slice(1).forEach((release) => release());
    const result = await running;
    expect(result.images.map((i) => i.outcomes.map((o) => o.status))).toEqual([['ok'], ['ok'], ['ok']]);
  });
});
