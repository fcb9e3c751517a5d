import { describe, expect, it } from 'vitest';
import { runResultSchema } from '../result-schema';
import { validRunResult } from '../result-schema.test-fixture';
import { nativeComparison, type NativeRun } from './native-comparison';

/** A native output that matches the fixture's top-5 for its image, except where changed. */
function outputLike(run: ReturnType<typeof validRunResult>, configId: string, shift = 0): Float32Array {
  const output = new Float32Array(run.model.classes);
  const outcome = run.images[0].outcomes.find((o) => o.configId === configId)!;
  for (const { index, score } of outcome.top5) output[index] = (score ?? 0) + shift;
  return output;
}

describe('nativeComparison', () => {
  it('compares every configuration with the first reference that ran, and measures drift between references', () => {
    const run = validRunResult();
    const image = run.images[0].name;
    const [configId] = run.configs.map((c) => c.configId);
    const runs: NativeRun[] = [
      { id: 'node-broken', runtime: 'x', error: 'did not load', outputs: new Map() },
      {
        id: 'node-a',
        runtime: 'a',
        error: null,
        outputs: new Map([[image, outputLike(run, configId, 0.001)]]),
      },
      {
        id: 'node-b',
        runtime: 'b',
        error: null,
        outputs: new Map([[image, outputLike(run, configId, 0.004)]]),
      },
    ];
    const native = nativeComparison(run, runs);
    expect(native.primaryId).toBe('node-a');
    expect(native.driftBetween).toEqual(['node-a', 'node-b']);
    expect(native.driftMaxAbsDiff).toBeCloseTo(0.003, 6);
    expect(native.perConfiguration[configId].top1Agreement).toBe(1);
    expect(native.perConfiguration[configId].maxAbsDiffTop5).toBeCloseTo(0.001, 6);
    expect(native.references.map((r) => [r.id, r.status, r.images])).toEqual([
      ['node-broken', 'failed', 0],
      ['node-a', 'ok', 1],
      ['node-b', 'ok', 1],
    ]);
    // The column is part of the record: it validates and survives a round trip.
    const parsed = runResultSchema.parse(JSON.parse(JSON.stringify({ ...run, native })));
    expect(parsed.native).toEqual(native);
  });

  it('has no drift with one reference and nothing to compare without any', () => {
    const run = validRunResult();
    const none = nativeComparison(run, []);
    expect(none.primaryId).toBeNull();
    expect(none.driftMaxAbsDiff).toBeNull();
    expect(
      Object.values(none.perConfiguration).every((c) => c.images === 0 && c.top1Agreement === null),
    ).toBe(true);
  });
});
