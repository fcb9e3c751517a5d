import { describe, expect, it } from 'vitest';
import type { ImageConfigOutcome, RunResult } from '../result-schema';
import { validRunResult } from '../result-schema.test-fixture';
import { wholeModelTolerance } from '../tolerance/whole-model';
import { configVerdict } from './config-verdict';

/** The fixture's run (reference ort-wasm, 1000 logits, top-1 12.5) with an ort-webgpu configuration added. */
function runWith(outcome: Partial<ImageConfigOutcome>): RunResult {
  const run = validRunResult();
  const [reference] = run.configs;
  run.configs.push({ ...reference, configId: 'ort-webgpu' });
  const [image] = run.images;
  image.outcomes.push({ ...image.outcomes[0], configId: 'ort-webgpu', ...outcome });
  return run;
}
const verdictOf = (run: RunResult, configId: string) =>
  configVerdict(
    run,
    run.configs.find((c) => c.configId === configId)!,
  ).verdict;

describe('wholeModelTolerance', () => {
  it('scales with the output magnitude and size, and never below a native runtime’s own drift', () => {
    const logits = wholeModelTolerance(1000, 15);
    expect(logits.maxAbsDiff).toBeCloseTo(2 ** -23 * Math.sqrt(1000) * 128 * 15, 12);
    // Float32 rounding of an ImageNet logit vector (~1e-5 apart between backends) is well inside.
    expect(logits.maxAbsDiff).toBeGreaterThan(1e-4);
    // Half-float arithmetic (~1e-2 on such logits) is not.
    expect(logits.maxAbsDiff).toBeLessThan(1e-2);
    expect(wholeModelTolerance(5, 0.9).scale).toBe(1);
    expect(wholeModelTolerance(1000, 15, 0.05).maxAbsDiff).toBe(0.05);
  });
});

describe('configVerdict', () => {
  it('agrees within the tolerance, drifts beyond it with the same top-1, disagrees with another top-1', () => {
    expect(verdictOf(runWith({ maxAbsDiff: 2e-5 }), 'ort-webgpu')).toBe('agrees');
    expect(verdictOf(runWith({ maxAbsDiff: 0.05 }), 'ort-webgpu')).toBe('drifts');
    // MobileNetV2-int8 on ort-webgpu: the same 6.9e8 for every class.
    expect(verdictOf(runWith({ maxAbsDiff: 6.9e8, top1AgreesWithReference: false }), 'ort-webgpu')).toBe(
      'disagrees',
    );
  });

  it('fails a configuration that is not ok or gave non-finite values, and names the reference', () => {
    const run = runWith({ nonFiniteCount: 3 });
    expect(configVerdict(run, run.configs[2])).toEqual({
      verdict: 'failed',
      detail: 'n01440764_tench.JPEG: 3 non-finite values',
    });
    expect(verdictOf(run, 'tfjs-webgl')).toBe('failed');
    expect(verdictOf(run, 'ort-wasm')).toBe('reference');
  });

  it("moves the boundary to the native runtimes' measured drift when `--native` measured one", () => {
    const run = runWith({ maxAbsDiff: 0.05 });
    expect(verdictOf(run, 'ort-webgpu')).toBe('drifts');
    run.native = {
      references: [],
      primaryId: 'node-ort-cpu',
      driftMaxAbsDiff: 0.06,
      driftBetween: ['node-ort-cpu', 'node-ort-cpu-unoptimized'],
      perConfiguration: {},
    };
    expect(configVerdict(run, run.configs[2])).toEqual({
      verdict: 'agrees',
      detail: 'n01440764_tench.JPEG: max |Δ| 0.050 vs bound 0.060 (native drift)',
    });
    // A drift below float rounding's bound changes nothing.
    run.native.driftMaxAbsDiff = 1e-6;
    expect(verdictOf(run, 'ort-webgpu')).toBe('drifts');
  });
});
