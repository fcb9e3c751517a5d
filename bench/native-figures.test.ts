import { describe, expect, it } from 'vitest';
import { validRunResult } from '../src/core/result-schema.test-fixture';
import { recommend } from '../src/core/recommend/recommend';
import type { OverheadEstimate } from './harness-overhead';
import { fastestAgreeing } from './native-figures';

/** The fixture's run (reference ort-wasm) with tfjs-wasm agreeing and ort-webgpu disagreeing, at these p50s. */
function agreementRun(p50Ms: Record<string, number>) {
  const run = validRunResult();
  const reference = run.configs.find((c) => c.configId === 'ort-wasm')!;
  const image = run.images.find((i) => i.outcomes.length)!;
  const outcome = image.outcomes[0];
  for (const [configId, agrees] of [
    ['tfjs-wasm', true],
    ['ort-webgpu', false],
  ] as const) {
    run.configs.push({ ...reference, configId, warm: { ...reference.warm!, p50Ms: p50Ms[configId] } });
    image.outcomes.push({
      ...outcome,
      configId,
      maxAbsDiff: agrees ? 0 : 5,
      top1AgreesWithReference: agrees,
    });
  }
  reference.warm = { ...reference.warm!, p50Ms: p50Ms['ort-wasm'] };
  return run;
}

function estimate(configId: string, labP50Ms: number): OverheadEstimate {
  const row = { configId, modelId: 'm', lab: { p50Ms: labP50Ms } };
  return { configId, modelId: 'm', rows: [row] } as unknown as OverheadEstimate;
}

describe('fastestAgreeing', () => {
  it('ranks the configurations that agree by the timed loops’ p50, not by the agreement run’s', () => {
    // The agreement run timed ort-wasm in its slow start: ranked by it, tfjs-wasm would win.
    const run = agreementRun({ 'ort-wasm': 90, 'tfjs-wasm': 43, 'ort-webgpu': 1 });
    expect(recommend(run).pick?.configId).toBe('tfjs-wasm');
    const estimates = [estimate('tfjs-wasm', 43), estimate('ort-wasm', 16), estimate('ort-webgpu', 2)];
    const chosen = fastestAgreeing(estimates, 'm', run);
    expect(chosen?.estimate.configId).toBe('ort-wasm');
    expect(chosen?.p50Ms).toBe(16);
  });

  it('finds none when no configuration that agrees was timed', () => {
    const run = agreementRun({ 'ort-wasm': 90, 'tfjs-wasm': 43, 'ort-webgpu': 1 });
    expect(fastestAgreeing([estimate('ort-webgpu', 2)], 'm', run)).toBeNull();
  });
});
