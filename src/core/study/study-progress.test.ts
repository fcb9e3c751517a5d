import { describe, expect, it } from 'vitest';
import { parseStudyDefinition, type StudyDefinition } from './study-definition';
import {
  newStudyProgress,
  nextStudyStep,
  recordStudyRun,
  skipOverBudget,
  studyFinished,
  studyProgressSchema,
  studyRunIds,
  type StudyProgress,
} from './study-progress';

const identity = { configId: (t: string) => t, variant: (t: string) => t };
const now = '2026-12-02T03:00:00.000Z';
const studyId = '3b241101-e2bb-4255-8caf-4136c566a962';

function study(overrides: Partial<StudyDefinition> = {}): StudyDefinition {
  return parseStudyDefinition(
    {
      name: 'test',
      model: 'nsfw-mobilenet-v2',
      configurations: ['ort-wasm[threads=1]', 'ort-wasm[threads=2]'],
      variants: ['fp16', 'int8'],
      budgetMinutes: 10,
      ...overrides,
    },
    identity,
  );
}

/** 10 s per configuration in the run, the reference included: no clock involved. */
const tenSecondsEach = (configIds: readonly string[]) => configIds.length * 10_000;
const start = (definition: StudyDefinition, cannotRun: (id: string) => string | null = () => null) =>
  newStudyProgress(studyId, definition, 'ort-wasm', now, cannotRun);

function finish(progress: StudyProgress, runId: string, tookMs: number, unsupported: string[] = []) {
  const step = nextStudyStep(progress, tenSecondsEach)!;
  const configs = ['ort-wasm', ...step.configIds].map((configId) => ({
    configId,
    status: unsupported.includes(configId) ? 'unsupported' : 'ok',
    reason: unsupported.includes(configId) ? `${configId}: threads need cross-origin isolation` : null,
  }));
  return recordStudyRun(skipOverBudget(progress, step, now), step, { runId, tookMs, configs }, now);
}

describe('the study cross product', () => {
  it('is variants × configurations, original first, every cell pending', () => {
    const progress = start(study());
    expect(progress.cells.map((c) => `${c.variant} ${c.configId} ${c.state}`)).toEqual([
      'original ort-wasm[threads=1] pending',
      'original ort-wasm[threads=2] pending',
      'fp16 ort-wasm[threads=1] pending',
      'fp16 ort-wasm[threads=2] pending',
      'int8 ort-wasm[threads=1] pending',
      'int8 ort-wasm[threads=2] pending',
    ]);
    expect(studyProgressSchema.parse(progress)).toEqual(progress);
  });

  it('skips from the start what the model cannot run, and the reference for variants, saying why', () => {
    const progress = start(study({ configurations: ['ort-wasm', 'litert-wasm'] }), (id) =>
      id === 'litert-wasm' ? 'LiteRT.js runs TFLite models' : null,
    );
    const skipped = progress.cells.filter((c) => c.state === 'skipped');
    expect(skipped.map((c) => `${c.variant} ${c.configId}: ${c.reason}`)).toEqual([
      'original litert-wasm: cannot run: LiteRT.js runs TFLite models',
      'fp16 ort-wasm: ort-wasm is the reference: it runs the original model in every run',
      'fp16 litert-wasm: cannot run: LiteRT.js runs TFLite models',
      'int8 ort-wasm: ort-wasm is the reference: it runs the original model in every run',
      'int8 litert-wasm: cannot run: LiteRT.js runs TFLite models',
    ]);
    expect(progress.cells.filter((c) => c.state === 'pending')).toEqual([
      expect.objectContaining({ variant: 'original', configId: 'ort-wasm' }),
    ]);
  });
});

describe('the study budget', () => {
  it('runs one variant at a time with the reference, while the estimate fits', () => {
    const step = nextStudyStep(start(study()), tenSecondsEach)!;
    expect(step).toMatchObject({
      variant: 'original',
      configIds: ['ort-wasm[threads=1]', 'ort-wasm[threads=2]'],
      estimatedMs: 30_000,
      overBudget: [],
    });
  });

  it('skips the cells that do not fit in what is left, saying why', () => {
    const step = nextStudyStep(start(study({ budgetMinutes: 0.4 })), tenSecondsEach)!;
    expect(step.configIds).toEqual(['ort-wasm[threads=1]']);
    expect(step.overBudget).toEqual([
      {
        configId: 'ort-wasm[threads=2]',
        reason: 'over the time budget: the run would take about 30 s, 24 s of 0.4 min left',
      },
    ]);
  });

  it('scales the estimate by what the finished runs took', () => {
    // The first run (3 configurations, estimated 30 s) took 120 s: later estimates are 4× theirs.
    const progress = finish(start(study({ budgetMinutes: 3.9 })), 'run-1', 120_000);
    expect(progress).toMatchObject({ spentMs: 120_000, estimatedMs: 30_000 });
    const step = nextStudyStep(progress, tenSecondsEach)!;
    expect(step.variant).toBe('fp16');
    expect(step.configIds).toEqual(['ort-wasm[threads=1]']); // 80 s of the 114 s left
    expect(step.estimatedMs).toBe(80_000);
    expect(step.overBudget.map((o) => o.reason)).toEqual([
      'over the time budget: the run would take about 120 s, 114 s of 3.9 min left',
    ]);
  });
});

describe('the study bookkeeping', () => {
  it('marks a run’s cells done by that run, and a configuration the original could not run skipped everywhere', () => {
    const progress = finish(start(study()), 'run-1', 30_000, ['ort-wasm[threads=2]']);
    const byCell = progress.cells.map((c) => `${c.variant} ${c.configId} ${c.state} ${c.runId ?? c.reason}`);
    const why = 'unsupported: ort-wasm[threads=2]: threads need cross-origin isolation';
    expect(byCell).toEqual([
      'original ort-wasm[threads=1] done run-1',
      `original ort-wasm[threads=2] skipped ${why}`,
      'fp16 ort-wasm[threads=1] pending null',
      `fp16 ort-wasm[threads=2] skipped ${why}`,
      'int8 ort-wasm[threads=1] pending null',
      `int8 ort-wasm[threads=2] skipped ${why}`,
    ]);
  });

  it('skips only the cell when a variant’s run refuses a configuration the original ran', () => {
    const afterOriginal = finish(start(study()), 'run-1', 30_000);
    const progress = finish(afterOriginal, 'run-2', 30_000, ['ort-wasm[threads=2]']);
    expect(progress.cells.map((c) => `${c.variant} ${c.configId} ${c.state}`)).toEqual([
      'original ort-wasm[threads=1] done',
      'original ort-wasm[threads=2] done',
      'fp16 ort-wasm[threads=1] done',
      'fp16 ort-wasm[threads=2] skipped',
      'int8 ort-wasm[threads=1] pending',
      'int8 ort-wasm[threads=2] pending',
    ]);
  });

  it('carries on from its stored form after an interruption, making each run once', () => {
    let stored = JSON.stringify(start(study()));
    const made: string[] = [];
    // Each attempt makes one run and is then "killed"; the next starts from what was stored.
    for (let attempt = 1; attempt < 10; attempt++) {
      const progress = studyProgressSchema.parse(JSON.parse(stored));
      const step = nextStudyStep(progress, tenSecondsEach);
      if (!step) break;
      made.push(step.variant);
      stored = JSON.stringify(finish(progress, `run-${attempt}`, 30_000));
    }
    const final = studyProgressSchema.parse(JSON.parse(stored));
    expect(made).toEqual(['original', 'fp16', 'int8']);
    expect(studyFinished(final)).toBe(true);
    expect(studyRunIds(final)).toEqual(['run-1', 'run-2', 'run-3']);
    expect(final.spentMs).toBe(90_000);
  });
});
