import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../core/result-schema';
import { validRunResult } from '../../core/result-schema.test-fixture';
import { parseStudyDefinition } from '../../core/study/study-definition';
import {
  newStudyProgress,
  studyProgressSchema,
  type StudyProgress,
  type StudyStep,
} from '../../core/study/study-progress';
import { runStudy, type StudyDeps } from './run-study';

const definition = parseStudyDefinition(
  {
    name: 'test',
    model: 'nsfw-mobilenet-v2',
    configurations: ['ort-wasm[threads=1]', 'ort-wasm[threads=2]'],
    variants: ['fp16', 'int8'],
    budgetMinutes: 10,
  },
  { configId: (t) => t, variant: (t) => t },
);
const uuid = (n: number) => `3b241101-e2bb-4255-8caf-4136c566a96${n}`;

/** A finished run of the step's configurations that took 30 s (times from the record, no clock). */
function runOf(step: StudyStep, n: number, status: RunResult['status'] = 'complete'): RunResult {
  const [reference] = validRunResult().configs;
  return {
    ...validRunResult(),
    runId: uuid(n),
    status,
    startedAt: '2026-12-02T03:00:00.000Z',
    finishedAt: '2026-12-02T03:00:30.000Z',
    configs: ['ort-wasm', ...step.configIds].map((configId) => ({ ...reference, configId })),
  };
}

/** Deps whose store is a JSON string (as IndexedDB or a file would keep it) and whose runs are fakes. */
function deps(stored: { json: string }, runStep: StudyDeps['runStep']): StudyDeps {
  return {
    save: async (progress) => void (stored.json = JSON.stringify(progress)),
    estimateMs: (configIds) => configIds.length * 1000,
    now: () => '2026-12-02T03:00:00.000Z',
    runStep,
  };
}

const load = (stored: { json: string }): StudyProgress => studyProgressSchema.parse(JSON.parse(stored.json));

describe('runStudy', () => {
  it('carries on after an interruption midway: the run in flight resumes, none is made twice', async () => {
    const stored = {
      json: JSON.stringify(newStudyProgress(uuid(0), definition, 'ort-wasm', 'then', () => null)),
    };
    const asked: string[] = [];
    // The first attempt is killed during the fp16 run.
    await expect(
      runStudy(
        load(stored),
        deps(stored, async (_, step) => {
          asked.push(`1:${step.variant}`);
          if (step.variant === 'fp16') throw new Error('the page went away');
          return runOf(step, 1);
        }),
      ),
    ).rejects.toThrow('the page went away');
    const done = await runStudy(
      load(stored),
      deps(stored, async (_, step) => {
        asked.push(`2:${step.variant}`);
        return runOf(step, step.variant === 'fp16' ? 2 : 3);
      }),
    );
    // The second attempt asks for fp16 again: runStep resumes that run from its checkpoints.
    expect(asked).toEqual(['1:original', '1:fp16', '2:fp16', '2:int8']);
    expect(done.finishedAt).not.toBeNull();
    expect(done.cells.map((c) => c.runId)).toEqual([uuid(1), uuid(1), uuid(2), uuid(2), uuid(3), uuid(3)]);
    expect(load(stored)).toEqual(done);
  });

  it('stops at a cancelled run, leaving its cells pending', async () => {
    const stored = {
      json: JSON.stringify(newStudyProgress(uuid(0), definition, 'ort-wasm', 'then', () => null)),
    };
    const progress = await runStudy(
      load(stored),
      deps(stored, async (_, step) => runOf(step, 1, 'cancelled')),
    );
    expect(progress.finishedAt).toBeNull();
    expect(progress.cells.every((c) => c.state === 'pending')).toBe(true);
  });
});
