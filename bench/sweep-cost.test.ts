import { describe, expect, it } from 'vitest';
import { validRunResult } from '../src/core/result-schema.test-fixture';
import type { LabProgress } from '../src/lab/run/run-lab';
import { StepClock } from './sweep-cost';

describe('StepClock', () => {
  it('splits a run into decoding and each configuration’s load, timing and images, with their inference time', () => {
    const run = validRunResult();
    const start = Date.parse(run.startedAt);
    let now = start;
    const clock = new StepClock(() => now);
    const configId = run.configs[0].configId as LabProgress['configId'];
    const event = (phase: LabProgress['phase'], at: number, id = configId) => {
      now = start + at;
      clock.onProgress({
        phase,
        configId: id,
        configIndex: 0,
        configCount: 1,
        done: 0,
        total: 1,
        message: '',
      });
    };
    event('load', 2000);
    event('timing', 2500);
    event('timing', 2600); // a second event of the same step starts nothing new
    event('images', 4000);
    event('images', 4100);
    event('done', 7000, null);
    // Its images' inference times, from the record: 1.2 s in all.
    const outcomes = run.images.flatMap((i) => i.outcomes).filter((o) => o.configId === configId);
    outcomes.forEach((o, i) => (o.inferMs = i === 0 ? 1200 : 0));
    const oneConfig = { ...run, configs: run.configs.slice(0, 1) };
    const finished = { ...oneConfig, finishedAt: new Date(start + 7000).toISOString() };
    const { warmupRuns, warmSamplesMs } = oneConfig.configs[0];
    const loopRuns = warmupRuns + warmSamplesMs.length;
    expect(clock.breakdown(finished)).toBe(
      `reading and decoding ${run.images.length} images 2.0 s; ` +
        `${configId}: load 0.5 s, timing 1.5 s (cold + ${loopRuns} runs), images 3.0 s (inference 1.2 s)`,
    );
    // At the runtime's pace (100 ms) and with its start-up, what the loops and the images would take
    // without a harness.
    const imagesRun = outcomes.filter((o) => o.inferMs !== null).length;
    expect(clock.breakdown(finished, new Map([[configId!, 100]]), new Map([[configId!, 870]]))).toBe(
      `reading and decoding ${run.images.length} images 2.0 s; ` +
        `${configId}: load 0.5 s, timing 1.5 s (cold + ${loopRuns} runs, ${(loopRuns / 10).toFixed(1)} s at p50 + 0.9 s start-up), ` +
        `images 3.0 s (inference 1.2 s, ${(imagesRun / 10).toFixed(1)} s at p50)`,
    );
  });
});
