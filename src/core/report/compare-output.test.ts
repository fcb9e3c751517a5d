import { describe, expect, it } from 'vitest';
import type { ClassLabels } from '../labels';
import { imageConfigOutcomeSchema } from '../result-schema';
import { compareOutput, failedOutcome, TOP_K, topLabels } from './compare-output';

const labels: ClassLabels = {
  names: ['tench', 'goldfish', 'great white shark', 'tiger shark', 'hammerhead'],
  wnids: ['n01440764', 'n01443537', 'n01484850', 'n01491361', 'n01494475'],
};

// Dyadic fractions, exact in Float32, summing to 1: 1/2 + 1/4 + 1/8 + 3/32 + 1/32 = 32/32.
const reference = [0.5, 0.25, 0.125, 0.09375, 0.03125];
// The same with classes 0 and 1 swapped, so top-1 flips from tench to goldfish.
const flipped = [0.25, 0.5, 0.125, 0.09375, 0.03125];

const f32 = (values: number[]) => new Float32Array(values);

function expectSchemaValid(outcome: unknown): void {
  const parsed = imageConfigOutcomeSchema.safeParse(outcome);
  expect(parsed.error?.issues ?? []).toEqual([]);
}

describe('compareOutput', () => {
  it('gives perfect agreement and zero drift for identical outputs', () => {
    const outcome = compareOutput('ort-wasm', f32(reference), f32(reference), 'probabilities', labels, 3.5);
    expect(outcome).toMatchObject({
      configId: 'ort-wasm',
      status: 'ok',
      reason: null,
      top1AgreesWithReference: true,
      top5Overlap: 1,
      kendallTau: 1,
      maxAbsDiff: 0,
      meanAbsDiff: 0,
      klDivergence: 0,
      nonFiniteCount: 0,
      inferMs: 3.5,
    });
    // RBO_ext of identical depth-5 lists: 0.9^5 + (0.1/0.9)·(0.9 + 0.81 + 0.729 + 0.6561 + 0.59049)
    //   = 0.59049 + 3.68559/9 = 0.59049 + 0.40951 = 1.
    expect(outcome.rankBiasedOverlap).toBeCloseTo(1, 12);
    expect(outcome.cosineSimilarity).toBeCloseTo(1, 12);
    expect(outcome.top5.map((r) => r.label)).toEqual([
      'tench',
      'goldfish',
      'great white shark',
      'tiger shark',
      'hammerhead',
    ]);
    expect(outcome.top5[0]).toEqual({ index: 0, label: 'tench', score: 0.5 });
    expectSchemaValid(outcome);
  });

  it('measures a top-1 flip between two probability vectors', () => {
    const outcome = compareOutput('ort-wasm', f32(flipped), f32(reference), 'probabilities', labels, 1);
    expect(outcome.top1AgreesWithReference).toBe(false);
    expect(outcome.top5.map((r) => r.index)).toEqual([1, 0, 2, 3, 4]);
    // Same five classes in both top-5s.
    expect(outcome.top5Overlap).toBe(1);
    // Tau-b over the five classes: 10 pairs, only (0, 1) discordant → (9 - 1) / 10 = 0.8.
    expect(outcome.kendallTau).toBeCloseTo(0.8, 12);
    // RBO_ext: X_1/1 = 0 (tench vs goldfish), X_d/d = 1 for d = 2..5, so
    //   0.9^5 + (0.1/0.9)·(0.81 + 0.729 + 0.6561 + 0.59049) = 0.59049 + 2.78559/9 = 0.59049 + 0.30951 = 0.9.
    expect(outcome.rankBiasedOverlap).toBeCloseTo(0.9, 12);
    // |Δ| = [0.25, 0.25, 0, 0, 0] → max 0.25, mean 0.5/5 = 0.1.
    expect(outcome.maxAbsDiff).toBe(0.25);
    expect(outcome.meanAbsDiff).toBeCloseTo(0.1, 12);
    // Dot = 0.5·0.25 + 0.25·0.5 + 0.125² + 0.09375² + 0.03125² = 0.275390625 (= 282/1024);
    // |p|² = |q|² = 0.25 + 0.0625 + 0.015625 + 0.0087890625 + 0.0009765625 = 0.337890625 (= 346/1024);
    // cosine = 282/346 = 141/173 ≈ 0.8150289017.
    expect(outcome.cosineSimilarity).toBeCloseTo(141 / 173, 12);
    // KL(p‖q) = 0.5·ln(0.5/0.25) + 0.25·ln(0.25/0.5) + 0 + 0 + 0 = 0.25·ln 2 ≈ 0.1732867951.
    expect(outcome.klDivergence).toBeCloseTo(0.25 * Math.LN2, 12);
    expectSchemaValid(outcome);
  });

  it('takes KL over the softmax of logits, and differences and cosine over the raw logits', () => {
    const outcome = compareOutput(
      'ort-wasm',
      f32([0, 2, 0, 0, 0]),
      f32([2, 0, 0, 0, 0]),
      'logits',
      labels,
      1,
    );
    expect(outcome.top1AgreesWithReference).toBe(false);
    // Raw: |Δ| = [2, 2, 0, 0, 0] → max 2, mean 4/5 = 0.8; the dot product is 0 → cosine 0.
    expect(outcome.maxAbsDiff).toBe(2);
    expect(outcome.meanAbsDiff).toBeCloseTo(0.8, 12);
    expect(outcome.cosineSimilarity).toBe(0);
    // softmax([2,0,0,0,0]) = [a, b, b, b, b] with a = e²/(e²+4), b = 1/(e²+4); the candidate is [b, a, b, b, b].
    // KL = a·ln(a/b) + b·ln(b/a) = (a - b)·ln(e²) = 2(e² - 1)/(e² + 4) ≈ 1.1219641107.
    const e2 = Math.exp(2);
    expect(outcome.klDivergence).toBeCloseTo((2 * (e2 - 1)) / (e2 + 4), 10);
    // Tau-b: x = [2,0,0,0,0], y = [0,2,0,0,0]; 6 pairs tied in each; only (0, 1) is untied on both sides and it
    // is discordant → -1 / sqrt((10 - 6)·(10 - 6)) = -0.25.
    expect(outcome.kendallTau).toBeCloseTo(-0.25, 12);
  });

  it('counts NaN in the candidate and reports no drift for it rather than a made-up number', () => {
    const candidate = f32([0.5, NaN, 0.25, 0.125, 0.125]);
    const outcome = compareOutput('tfjs-webgl', candidate, f32(reference), 'probabilities', labels, 2);
    expect(outcome.nonFiniteCount).toBe(1);
    expect(outcome.maxAbsDiff).toBeNull();
    expect(outcome.meanAbsDiff).toBeNull();
    expect(outcome.cosineSimilarity).toBeNull();
    expect(outcome.klDivergence).toBeNull();
    // Tau-b refuses NaN input too.
    expect(outcome.kendallTau).toBeNull();
    // NaN ranks last, and its score is null in the record (JSON has no NaN); equal scores keep index order.
    expect(outcome.top5).toEqual([
      { index: 0, label: 'tench', score: 0.5 },
      { index: 2, label: 'great white shark', score: 0.25 },
      { index: 3, label: 'tiger shark', score: 0.125 },
      { index: 4, label: 'hammerhead', score: 0.125 },
      { index: 1, label: 'goldfish', score: null },
    ]);
    // Rank agreement still uses the ranks: reference [0,1,2,3,4] vs candidate [0,2,3,4,1] give
    // X_d/d = 1, 1/2, 2/3, 3/4, 5/5 → 0.59049 + (0.9 + 0.405 + 0.486 + 0.492075 + 0.59049)/9 = 0.909775.
    expect(outcome.top1AgreesWithReference).toBe(true);
    expect(outcome.top5Overlap).toBe(1);
    expect(outcome.rankBiasedOverlap).toBeCloseTo(0.909775, 12);
    expect(outcome.status).toBe('ok');
    expectSchemaValid(outcome);
    expectSchemaValid(JSON.parse(JSON.stringify(outcome)));
  });

  it('counts ±Infinity as non-finite and keeps the record valid', () => {
    const candidate = f32([Infinity, 0.25, -Infinity, 0.125, 0.125]);
    const outcome = compareOutput('tfjs-webgl', candidate, f32(reference), 'probabilities', labels, 2);
    expect(outcome.nonFiniteCount).toBe(2);
    expect(outcome.top5[0]).toEqual({ index: 0, label: 'tench', score: null });
    expect(outcome.top5[4]).toEqual({ index: 2, label: 'great white shark', score: null });
    expect(outcome.maxAbsDiff).toBeNull();
    expect(outcome.klDivergence).toBeNull();
    expectSchemaValid(outcome);
  });

  it('reports only the labels when there is no reference output', () => {
    const outcome = compareOutput('ort-wasm', f32(flipped), null, 'probabilities', labels, 4);
    expect(outcome).toMatchObject({
      status: 'ok',
      reason: null,
      top1AgreesWithReference: null,
      top5Overlap: null,
      kendallTau: null,
      rankBiasedOverlap: null,
      maxAbsDiff: null,
      meanAbsDiff: null,
      cosineSimilarity: null,
      klDivergence: null,
      nonFiniteCount: 0,
      inferMs: 4,
    });
    expect(outcome.top5.map((r) => r.label)).toEqual([
      'goldfish',
      'tench',
      'great white shark',
      'tiger shark',
      'hammerhead',
    ]);
    expectSchemaValid(outcome);
  });

  it('gives a reason and no comparison when the output length differs from the reference', () => {
    const outcome = compareOutput(
      'ort-wasm',
      f32(reference),
      f32([0.5, 0.25, 0.25, 0]),
      'probabilities',
      labels,
      4,
    );
    expect(outcome.reason).toBe("output length 5 differs from the reference's 4");
    expect(outcome.top1AgreesWithReference).toBeNull();
    expect(outcome.top5Overlap).toBeNull();
    expect(outcome.maxAbsDiff).toBeNull();
    expect(outcome.klDivergence).toBeNull();
    expect(outcome.top5).toHaveLength(5);
    expectSchemaValid(outcome);
  });
});

describe('topLabels', () => {
  it('strips angle brackets from labels so no markup reaches a report', () => {
    const markup: ClassLabels = { names: ['<script>alert(1)</script>', 'a<b', 'plain'], wnids: null };
    const top = topLabels([0.2, 0.3, 0.5], markup);
    expect(top.map((r) => r.label)).toEqual(['plain', 'ab', 'scriptalert(1)/script']);
    expectSchemaValid({ ...failedOutcome('ort-wasm', 'failed', 'x'), status: 'ok', top5: top });
  });

  it('names an index without a label #index, and never returns more than the outputs', () => {
    const top = topLabels([0.1, 0.9], { names: ['only'], wnids: null });
    expect(top).toEqual([
      { index: 1, label: '#1', score: 0.9 },
      { index: 0, label: 'only', score: 0.1 },
    ]);
  });

  it('returns TOP_K entries by default and k when asked', () => {
    const scores = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7];
    expect(TOP_K).toBe(5);
    expect(topLabels(scores, labels).map((r) => r.index)).toEqual([6, 5, 4, 3, 2]);
    expect(topLabels(scores, labels, 2).map((r) => r.index)).toEqual([6, 5]);
  });
});

describe('failedOutcome', () => {
  it('keeps the status and reason with every measurement empty', () => {
    const outcome = failedOutcome('tfjs-webgl', 'failed', 'n01440764_tench.JPEG: context lost');
    expect(outcome).toEqual({
      configId: 'tfjs-webgl',
      status: 'failed',
      reason: 'n01440764_tench.JPEG: context lost',
      top5: [],
      top1AgreesWithReference: null,
      top5Overlap: null,
      kendallTau: null,
      rankBiasedOverlap: null,
      maxAbsDiff: null,
      meanAbsDiff: null,
      cosineSimilarity: null,
      klDivergence: null,
      nonFiniteCount: 0,
      inferMs: null,
    });
    expectSchemaValid(outcome);
    expect(failedOutcome('tfjs-webgl', 'skipped', 'load failed').status).toBe('skipped');
  });
});

describe('compareOutput on an all-NaN output', () => {
  it('does not count the tie-broken index 0 as agreeing with a reference whose top-1 is class 0', () => {
    // reference's top-1 is index 0; the NaN output's topK puts index 0 first only by tie-break
    const outcome = compareOutput(
      'tfjs-webgl',
      f32([NaN, NaN, NaN, NaN, NaN]),
      f32(reference),
      'probabilities',
      labels,
      1,
    );
    expect(outcome.top5[0]).toMatchObject({ index: 0, score: null });
    expect(outcome.top1AgreesWithReference).toBe(false);
    expect(outcome.nonFiniteCount).toBe(5);
  });
});
