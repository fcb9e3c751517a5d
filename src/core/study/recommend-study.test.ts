import { describe, expect, it } from 'vitest';
import type { RunResult } from '../result-schema';
import { validRunResult } from '../result-schema.test-fixture';
import { describeStudyRecommendation, recommendStudy, studyRecommendationSchema } from './recommend-study';
import { parseStudyDefinition } from './study-definition';
import { matrixLines, studyMatrix } from './study-matrix';
import { newStudyProgress, type StudyProgress } from './study-progress';

interface Measured {
  configId: string;
  p50Ms: number;
  /** Worst max |Δ| against the original on the reference (the fixture's reference has logits up to 12.5). */
  maxAbsDiff?: number;
  top1AgreementRate?: number;
}

/** A run of one variant: the fixture's reference (ort-wasm, the original model) and the measured cells. */
function variantRun(runId: string, ...cells: Measured[]): RunResult {
  const run = { ...validRunResult(), runId };
  const [reference] = run.configs;
  const [image] = run.images;
  for (const cell of cells) {
    run.configs.push({
      ...reference,
      configId: cell.configId,
      warm: { ...reference.warm!, p50Ms: cell.p50Ms },
      p50IntervalMs: { low: cell.p50Ms * 0.9, high: cell.p50Ms * 1.1 },
      agreement: { ...reference.agreement!, top1AgreementRate: cell.top1AgreementRate ?? 1 },
    });
    const outcome = { configId: cell.configId, maxAbsDiff: cell.maxAbsDiff ?? 1e-5 };
    image.outcomes.push({ ...image.outcomes[0], ...outcome });
  }
  return run;
}

const [one, two] = ['ort-wasm[threads=1]', 'ort-wasm[threads=2]'];

function doneStudy(): { progress: StudyProgress; runs: Map<string, RunResult> } {
  const definition = parseStudyDefinition(
    { name: 't', model: 'm', configurations: [one, two], variants: ['fp16', 'int8'], budgetMinutes: 1 },
    { configId: (t) => t, variant: (t) => t },
  );
  const progress = newStudyProgress(
    '3b241101-e2bb-4255-8caf-4136c566a962',
    definition,
    'ort-wasm',
    'now',
    () => null,
  );
  const runIds: Record<string, string> = { original: 'r-original', fp16: 'r-fp16', int8: 'r-int8' };
  progress.cells = progress.cells.map((cell) =>
    cell.variant === 'int8' && cell.configId === two
      ? { ...cell, state: 'skipped', reason: 'over the time budget' }
      : { ...cell, state: 'done', runId: runIds[cell.variant] },
  );
  const runs = new Map([
    ['r-original', variantRun('r-original', { configId: one, p50Ms: 12 }, { configId: two, p50Ms: 9 })],
    // fp16 is fastest and agrees: the pick.
    ['r-fp16', variantRun('r-fp16', { configId: one, p50Ms: 8 }, { configId: two, p50Ms: 6 })],
    // int8 is faster still, but agrees on too few images.
    ['r-int8', variantRun('r-int8', { configId: one, p50Ms: 3, top1AgreementRate: 0.9, maxAbsDiff: 6 })],
  ]);
  return { progress, runs };
}

describe('recommendStudy', () => {
  it('picks the fastest cell that agrees with the original, over variants, with its evidence', () => {
    const { progress, runs } = doneStudy();
    const r = studyRecommendationSchema.parse(recommendStudy(progress, runs));
    expect(r.pick).toMatchObject({ variant: 'fp16', configId: two, p50Ms: 6, top1Agreement: 1 });
    expect(r.runnerUp).toMatchObject({ variant: 'fp16', configId: one, p50Ms: 8, overlaps: false });
    expect(r.rejected.map((x) => `${x.variant} ${x.configId}: ${x.reason}`)).toEqual([
      'int8 ort-wasm[threads=1]: verdict drifts: n01440764_tench.JPEG: max |Δ| 6.0 vs bound 0.0060',
    ]);
    // The reference of each run (the original model) is no cell of fp16 or int8.
    expect(describeStudyRecommendation(r)[0]).toBe(
      'Recommendation (fastest cell that agrees with the reference at >= 99.0 % top-1): fp16 on ort-wasm[threads=2]: p50 6.0 ms [5.4 ms, 6.6 ms], top-1 agreement 100.0 %',
    );
  });

  it('has no pick when no cell was measured, and says so', () => {
    const { progress } = doneStudy();
    expect(recommendStudy(progress, new Map())).toMatchObject({ pick: null, reason: 'no cell was measured' });
  });
});

describe('studyMatrix', () => {
  it('gives each cell its verdict, agreement and p50, and marks the skipped ones', () => {
    const { progress, runs } = doneStudy();
    const cells = studyMatrix(progress, runs);
    expect(cells.find((c) => c.variant === 'int8' && c.configId === one)).toMatchObject({
      verdict: 'drifts',
      top1Agreement: 0.9,
      p50Ms: 3,
    });
    expect(matrixLines(progress, cells)).toEqual([
      'variant   ort-wasm[threads=1]   ort-wasm[threads=2]',
      '--------  --------------------  -------------------',
      'original  agrees 100 % 12.0 ms  agrees 100 % 9.0 ms',
      'fp16      agrees 100 % 8.0 ms   agrees 100 % 6.0 ms',
      'int8      drifts 90 % 3.0 ms    skipped',
      '  int8 on ort-wasm[threads=2]: skipped, over the time budget',
    ]);
  });
});
