import { describe, expect, it } from 'vitest';
import type { ConfigResult, ImageConfigOutcome, RunResult } from '../result-schema';
import { runResultSchema } from '../result-schema';
import { validRunResult } from '../result-schema.test-fixture';
import { recommend } from './recommend';
import { recommendationSchema } from './recommendation-schema';

interface Variant {
  configId: string;
  p50Ms: number;
  /** Worst image's max |Δ| against the reference (the fixture's reference has logits up to 12.5). */
  maxAbsDiff?: number;
  sameTop1?: boolean;
  top1AgreementRate?: number;
  status?: ConfigResult['status'];
}

/** The fixture's run (reference ort-wasm at 11 ms) with the given configurations added, fastest or not. */
function runWith(...variants: Variant[]): RunResult {
  const run = validRunResult();
  const [reference] = run.configs;
  const [image] = run.images;
  for (const v of variants) {
    const { p50Ms } = v;
    run.configs.push({
      ...reference,
      configId: v.configId,
      status: v.status ?? 'ok',
      warm: v.status && v.status !== 'ok' ? null : { ...reference.warm!, p50Ms },
      p50IntervalMs: { low: p50Ms * 0.9, high: p50Ms * 1.1 },
      agreement: { ...reference.agreement!, top1AgreementRate: v.top1AgreementRate ?? 1 },
    });
    const outcome: Partial<ImageConfigOutcome> = {
      configId: v.configId,
      maxAbsDiff: v.maxAbsDiff ?? 1e-5,
      top1AgreesWithReference: v.sameTop1 ?? true,
    };
    image.outcomes.push({ ...image.outcomes[0], ...outcome });
  }
  return run;
}

describe('recommend', () => {
  it('never picks a faster configuration that disagrees, and says why it passed it over', () => {
    const run = runWith(
      { configId: 'ort-webgpu[shader-f16=true]', p50Ms: 2, maxAbsDiff: 6.9e8, sameTop1: false },
      { configId: 'ort-webgpu', p50Ms: 4 },
      { configId: 'ort-webgl', p50Ms: 4.5 },
    );
    const r = recommend(run);
    expect(r.pick).toEqual({
      configId: 'ort-webgpu',
      p50Ms: 4,
      p50IntervalMs: { low: 3.6, high: 4.4 },
      top1Agreement: 1,
    });
    expect(r.rejected.map((x) => [x.configId, x.p50Ms])).toEqual([['ort-webgpu[shader-f16=true]', 2]]);
    expect(r.rejected[0].reason).toMatch(
      /^verdict disagrees: n01440764_tench.JPEG: max \|Δ\| 6.9e\+8 vs bound/,
    );
    expect(r.runnerUp).toMatchObject({ configId: 'ort-webgl', p50Ms: 4.5, overlaps: true });
    expect(recommendationSchema.parse(r)).toEqual(r);
  });

  it('passes over a faster one that drifts, fails, or agrees on top-1 too rarely', () => {
    const run = runWith(
      { configId: 'tfjs-webgl[WEBGL_FORCE_F16_TEXTURES=true]', p50Ms: 1, maxAbsDiff: 0.05 },
      { configId: 'tfjs-wasm[threads=2]', p50Ms: 3, top1AgreementRate: 0.98 },
      { configId: 'tfjs-wasm[threads=1]', p50Ms: 6 },
      { configId: 'ort-webnn', p50Ms: 0, status: 'unsupported' },
    );
    const r = recommend(run);
    expect(r.pick?.configId).toBe('tfjs-wasm[threads=1]');
    expect(r.rejected.map((x) => [x.configId, x.reason.split(':')[0]])).toEqual([
      ['tfjs-webgl[WEBGL_FORCE_F16_TEXTURES=true]', 'verdict drifts'],
      ['tfjs-wasm[threads=2]', 'top-1 agreement 98.0 % is below 99.0 %'],
    ]);
    // With the bar lowered to 95 %, the faster wasm variant qualifies.
    expect(recommend(run, 0.95).pick?.configId).toBe('tfjs-wasm[threads=2]');
    // The reference (11 ms) is the runner-up: it agrees with itself by definition; the intervals do not overlap.
    expect(r.runnerUp).toMatchObject({ configId: 'ort-wasm', top1Agreement: 1, overlaps: false });
  });

  it('picks the reference when it is the fastest, and nothing (saying why) when nothing qualifies', () => {
    expect(recommend(runWith({ configId: 'ort-webgl', p50Ms: 40 })).pick?.configId).toBe('ort-wasm');
    const run = runWith({ configId: 'ort-webgl', p50Ms: 40 });
    run.configs[0].status = 'failed';
    run.configs[0].warm = null;
    run.configs[2].agreement!.top1AgreementRate = 0.5;
    const none = recommend(run);
    expect(none.pick).toBeNull();
    expect(none.reason).toBe(
      'none of the 1 measured configurations agrees with the reference at 99.0 % top-1',
    );
    expect(none.rejected.map((x) => x.configId)).toEqual(['ort-webgl']);
  });

  it('is stored in the record, and a record without one (older) still reads', () => {
    const run = runWith({ configId: 'ort-webgl', p50Ms: 40 });
    const stored = runResultSchema.parse({ ...run, recommendation: recommend(run) });
    expect(stored.recommendation?.pick?.configId).toBe('ort-wasm');
    const { recommendation: _, ...older } = run;
    expect(runResultSchema.parse(older).recommendation).toBeNull();
  });
});
