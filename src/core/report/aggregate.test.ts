import { describe, expect, it } from 'vitest';
import type { ClassLabels } from '../labels';
import type { ConfigResult, ImageConfigOutcome, ImageResult } from '../result-schema';
import { aggregateAccuracy, aggregateAgreement, collectFindings, compareLatency } from './aggregate';
import { compareOutput, failedOutcome } from './compare-output';

const labels: ClassLabels = {
  names: ['tench', 'goldfish', 'great white shark', 'tiger shark', 'hammerhead', 'brambling'],
  wnids: ['n01440764', 'n01443537', 'n01484850', 'n01491361', 'n01494475', 'n01530575'],
};

const REF = 'tfjs-cpu';
const CAND = 'ort-wasm';
const BROKEN = 'tfjs-webgl';

// Six classes; class 5 (brambling) is never in anyone's top-5.
const P = [0.5, 0.25, 0.125, 0.09375, 0.03125, 0]; // top-5 [0,1,2,3,4]
const Q = [0.25, 0.5, 0.125, 0.09375, 0.03125, 0]; // P with 0 and 1 swapped: top-5 [1,0,2,3,4]
const S = [0.03125, 0.09375, 0.25, 0.5, 0.125, 0]; // top-5 [3,2,4,1,0]
const N = [0.5, 0.25, 0.125, 0.09375, 0.03125, NaN]; // P with a NaN outside the top-5

const compare = (configId: string, output: number[], reference: number[] | null) =>
  compareOutput(
    configId,
    new Float32Array(output),
    reference && new Float32Array(reference),
    'probabilities',
    labels,
    1,
  );

function image(name: string, outcomes: ImageConfigOutcome[], decodeError: string | null = null): ImageResult {
  const match = /^(n\d{8})_/.exec(name);
  return {
    name,
    fileSha256: null,
    inputSha256: null,
    width: decodeError ? null : 224,
    height: decodeError ? null : 224,
    groundTruth: match ? match[1] : null,
    decodeError,
    outcomes,
  };
}

const skipped = failedOutcome(BROKEN, 'skipped', 'tfjs-webgl: load: WebGL context lost');

/**
 * A: both agree (tench, correct).                  B: candidate flips to goldfish (correct; reference wrong).
 * C: the reference failed; candidate says tiger shark for a great white shark (top-5 hit, top-1 miss).
 * D: no ground truth; the candidate has a NaN.      E: brambling, outside every top-5.
 * F: could not be decoded.
 */
const images: ImageResult[] = [
  image('n01440764_tench.JPEG', [compare(REF, P, P), compare(CAND, P, P), skipped]),
  image('n01443537_goldfish.JPEG', [compare(REF, P, P), compare(CAND, Q, P), skipped]),
  image('n01484850_great_white_shark.JPEG', [
    failedOutcome(REF, 'failed', 'n01484850_great_white_shark.JPEG: inference timed out after 30000 ms'),
    compare(CAND, S, null),
    skipped,
  ]),
  image('gradient-224.png', [compare(REF, P, P), compare(CAND, N, P), skipped]),
  image('n01530575_brambling.JPEG', [compare(REF, P, P), compare(CAND, P, P), skipped]),
  image('broken.jpg', [], 'broken.jpg: not a JPEG or PNG'),
];

function config(
  configId: string,
  status: ConfigResult['status'],
  reason: string | null = null,
): ConfigResult {
  return {
    configId,
    options: null,
    status,
    reason,
    runtime: null,
    fetchMs: null,
    compileMs: null,
    firstInferMs: null,
    warmupRuns: 0,
    steadyState: null,
    warm: null,
    p50IntervalMs: null,
    bimodal: null,
    warmSamplesMs: [],
    memory: null,
    agreement: null,
    accuracy: null,
    latencyVsReference: null,
  };
}

describe('aggregateAgreement', () => {
  it('averages the candidate over the images it was compared on', () => {
    const agreement = aggregateAgreement(images, CAND);
    // Ok outcomes on A, B, C, D, E = 5; C has no reference output, so A, B, D, E = 4 are compared.
    expect(agreement?.images).toBe(5);
    // Top-1 agrees on A, D, E and flips on B → 3/4.
    expect(agreement?.top1AgreementRate).toBe(0.75);
    // Every compared top-5 holds the same five classes → 1.
    expect(agreement?.meanTop5Overlap).toBe(1);
    // Tau: A 1, B 0.8 (one discordant pair of 10), D 1 (the NaN is outside both top-5s), E 1 → 3.8/4 = 0.95.
    expect(agreement?.meanKendallTau).toBeCloseTo(0.95, 12);
    // RBO: A 1, B 0.9 (first depth lost: 1 - 0.1), D 1, E 1 → 3.9/4 = 0.975.
    expect(agreement?.meanRankBiasedOverlap).toBeCloseTo(0.975, 12);
    // Drift is null on D (NaN), so over A, B, E: max |Δ| = max(0, 0.25, 0) = 0.25;
    // mean |Δ| on B = (0.25 + 0.25)/6 = 1/12, so the mean over A, B, E = (0 + 1/12 + 0)/3 = 1/36.
    expect(agreement?.maxAbsDiff).toBe(0.25);
    expect(agreement?.meanAbsDiff).toBeCloseTo(1 / 36, 12);
    // Cosine on B = 282/346 = 141/173 (the zero class adds nothing); A and E ≈ 1 → min 141/173.
    expect(agreement?.minCosineSimilarity).toBeCloseTo(141 / 173, 12);
    // KL on B = 0.25·ln 2 (the floored zero class contributes 0); A, E 0 → (0.25·ln 2)/3 = ln 2 / 12.
    expect(agreement?.meanKlDivergence).toBeCloseTo(Math.LN2 / 12, 10);
  });

  it('gives the reference perfect agreement with itself', () => {
    const agreement = aggregateAgreement(images, REF);
    // Ok on A, B, D, E (failed on C).
    expect(agreement).toMatchObject({
      images: 4,
      top1AgreementRate: 1,
      meanTop5Overlap: 1,
      meanKendallTau: 1,
      maxAbsDiff: 0,
      meanAbsDiff: 0,
      meanKlDivergence: 0,
    });
    expect(agreement?.minCosineSimilarity).toBeCloseTo(1, 12);
    expect(agreement?.meanRankBiasedOverlap).toBeCloseTo(1, 12);
  });

  it('is null for a configuration without any ok outcome', () => {
    expect(aggregateAgreement(images, BROKEN)).toBeNull();
    expect(aggregateAgreement([], CAND)).toBeNull();
  });

  it('has null means, not zeros, when nothing could be compared', () => {
    const agreement = aggregateAgreement([images[2]], CAND);
    expect(agreement).toEqual({
      images: 1,
      top1AgreementRate: null,
      meanTop5Overlap: null,
      meanKendallTau: null,
      meanRankBiasedOverlap: null,
      maxAbsDiff: null,
      meanAbsDiff: null,
      minCosineSimilarity: null,
      meanKlDivergence: null,
    });
  });
});

describe('aggregateAccuracy', () => {
  it('scores top-1 and top-5 against the wnid in each file name', () => {
    // Labelled and ok: A, B, C, E (D has no wnid in its name). Top-1: A tench ✓, B goldfish ✓,
    // C tiger shark ✗, E tench ✗ → 2/4. Top-5: A ✓, B ✓, C ✓ (shark is second), E ✗ → 3/4.
    expect(aggregateAccuracy(images, CAND, labels)).toEqual({ labelled: 4, top1: 0.5, top5: 0.75 });
    // The reference failed on C: A ✓/✓, B ✗/✓ (tench for a goldfish), E ✗/✗ → top-1 1/3, top-5 2/3.
    const reference = aggregateAccuracy(images, REF, labels);
    expect(reference?.labelled).toBe(3);
    expect(reference?.top1).toBeCloseTo(1 / 3, 15);
    expect(reference?.top5).toBeCloseTo(2 / 3, 15);
  });

  it('is null without wnids in the labels, or without a labelled image', () => {
    expect(aggregateAccuracy(images, CAND, { names: labels.names, wnids: null })).toBeNull();
    expect(aggregateAccuracy(images, BROKEN, labels)).toBeNull();
    expect(aggregateAccuracy([images[3], images[5]], CAND, labels)).toBeNull();
  });
});

describe('compareLatency', () => {
  it('gives the ratio of medians with the Mann-Whitney test', () => {
    const result = compareLatency([10, 14, 12], [7, 5, 6]);
    // Medians 12 and 6 → 2. Every candidate sample is slower: U = 3·3 = 9, effect 9/9 = 1.
    // z = (|9 - 4.5| - 0.5) / sqrt(9/12 · 7) = 4 / sqrt(5.25) ≈ 1.7457; p = erfc(z/√2) ≈ 0.0808556.
    expect(result?.ratioP50).toBe(2);
    expect(result?.u).toBe(9);
    expect(result?.effectSize).toBe(1);
    expect(result?.pValue).toBeCloseTo(0.0808556, 6);
  });

  it('takes the mean of the middle two for an even count', () => {
    // Medians (2 + 3)/2 = 2.5 and (4 + 6)/2 = 5 → 0.5.
    expect(compareLatency([4, 1, 3, 2], [8, 4, 6, 2])?.ratioP50).toBe(0.5);
  });

  it('finds no difference between identical samples', () => {
    const result = compareLatency([5, 6, 7, 8], [8, 7, 6, 5]);
    expect(result?.ratioP50).toBe(1);
    // U = n1·n2/2 = 8, so z = 0 and p = 1.
    expect(result?.u).toBe(8);
    expect(result?.effectSize).toBe(0.5);
    expect(result?.pValue).toBeCloseTo(1, 12);
  });

  it('is null without samples on either side, and the ratio is null for a zero reference median', () => {
    expect(compareLatency([], [1, 2])).toBeNull();
    expect(compareLatency([1, 2], [])).toBeNull();
    expect(compareLatency([1, 2, 3], [0, 0, 0])?.ratioP50).toBeNull();
  });
});

describe('collectFindings', () => {
  it('calls out each failed config, decode error, failed outcome, non-finite output and top-1 flip', () => {
    const configs = [
      config(REF, 'ok'),
      config(CAND, 'ok'),
      config(BROKEN, 'failed', 'tfjs-webgl: load: WebGL context lost'),
      config('tfjs-webgpu', 'unsupported', 'WebGPU is not available'),
      config('ort-webgpu', 'crashed'),
    ];
    expect(collectFindings(images, configs, REF)).toEqual([
      { kind: 'failed', configId: BROKEN, image: null, message: 'tfjs-webgl: load: WebGL context lost' },
      { kind: 'failed', configId: 'ort-webgpu', image: null, message: 'crashed' },
      {
        kind: 'top1-flip',
        configId: CAND,
        image: 'n01443537_goldfish.JPEG',
        message: 'top-1 "goldfish" where tfjs-cpu gives "tench"',
      },
      {
        kind: 'failed',
        configId: REF,
        image: 'n01484850_great_white_shark.JPEG',
        message: 'n01484850_great_white_shark.JPEG: inference timed out after 30000 ms',
      },
      {
        kind: 'non-finite',
        configId: CAND,
        image: 'gradient-224.png',
        message: '1 NaN/Inf values in the output',
      },
      { kind: 'decode-error', configId: null, image: 'broken.jpg', message: 'broken.jpg: not a JPEG or PNG' },
    ]);
  });

  it('finds nothing in a clean run', () => {
    const clean = [images[0], images[4]];
    expect(collectFindings(clean, [config(REF, 'ok'), config(CAND, 'ok')], REF)).toEqual([]);
  });

  it('reports no flip for an image the reference has no outcome for', () => {
    const flip = image('n01443537_goldfish.JPEG', [compare(CAND, Q, P)]);
    expect(collectFindings([flip], [config(CAND, 'ok')], REF)).toEqual([]);
  });
});
