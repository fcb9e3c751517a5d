import { describe, expect, it } from 'vitest';
import type { LabProgress } from '../../lab/run/run-lab';
import { RunProgress } from './run-progress.svelte';

const event = (e: Partial<LabProgress> & Pick<LabProgress, 'phase'>): LabProgress => ({
  configId: null,
  configIndex: 0,
  configCount: 2,
  done: 0,
  total: 4,
  message: '',
  ...e,
});

/** A RunProgress on a clock the test moves. */
function onClock(configIds: string[]) {
  const clock = { now: 0 };
  const progress = new RunProgress(configIds, () => clock.now);
  const at = (ms: number, e?: LabProgress) => {
    clock.now = ms;
    if (e) progress.update(e);
    else progress.tick();
  };
  return { progress, at };
}

describe('RunProgress', () => {
  it('moves each configuration through load, timing and its images in turn', () => {
    const { progress, at } = onClock(['tfjs-cpu', 'tfjs-wasm']);
    at(0, event({ phase: 'load', configId: 'tfjs-cpu' }));
    expect(progress.configs.map((c) => c.stage)).toEqual(['loading', 'waiting']);
    at(100, event({ phase: 'timing', configId: 'tfjs-cpu' }));
    at(200, event({ phase: 'images', configId: 'tfjs-cpu', done: 2 }));
    expect(progress.configs[0].stage).toBe('images');
    expect(progress.configs[0].fraction).toBeCloseTo(0.6, 12);
    at(300, event({ phase: 'load', configId: 'tfjs-wasm', configIndex: 1 }));
    expect(progress.configs.map((c) => [c.stage, c.fraction])).toEqual([
      ['done', 1],
      ['loading', 0],
    ]);
    at(400, event({ phase: 'done', done: 4 }));
    expect(progress.overall).toBe(1);
    expect(progress.remainingMs).toBe(0);
    expect(progress.configs.every((c) => c.stage === 'done' && c.fraction === 1)).toBe(true);
  });

  it('estimates the time left from measured step costs, timing loops included, and counts it down on the clock', () => {
    const { progress, at } = onClock(['tfjs-cpu', 'tfjs-wasm']);
    at(0, event({ phase: 'load', configId: 'tfjs-cpu' }));
    expect(progress.remainingMs).toBeNull(); // nothing measured yet
    at(1_000, event({ phase: 'timing', configId: 'tfjs-cpu' })); // load took 1 s
    at(11_000, event({ phase: 'images', configId: 'tfjs-cpu', done: 0 })); // the timing loop took 10 s
    at(13_000, event({ phase: 'images', configId: 'tfjs-cpu', done: 1 })); // an image takes 2 s
    // tfjs-cpu: 3 images × 2 s; tfjs-wasm: not started, no configuration finished yet to go on.
    expect(progress.remainingMs).toBeNull();
    at(15_000, event({ phase: 'images', configId: 'tfjs-cpu', done: 2 }));
    at(17_000, event({ phase: 'images', configId: 'tfjs-cpu', done: 3 }));
    at(19_000, event({ phase: 'load', configId: 'tfjs-wasm', configIndex: 1 })); // tfjs-cpu took 19 s in all
    // tfjs-wasm: load 1 s + timing 10 s + 4 images × 2 s (tfjs-cpu's rate until it has its own) = 19 s.
    expect(progress.remainingMs).toBe(19_000);
    const before = progress.overall;
    expect(before).toBeCloseTo(0.5, 12); // 19 s of 38 s

    at(24_000); // no event for 5 s: the estimate counts down, the bar moves on
    expect(progress.remainingMs).toBe(14_000);
    expect(progress.overall).toBeGreaterThan(before);
  });

  it('never moves the overall bar backwards when a step costs more than estimated', () => {
    const { progress, at } = onClock(['tfjs-cpu']);
    at(0, event({ phase: 'load', configId: 'tfjs-cpu', configCount: 1 }));
    at(1_000, event({ phase: 'timing', configId: 'tfjs-cpu', configCount: 1 }));
    at(2_000, event({ phase: 'images', configId: 'tfjs-cpu', configCount: 1, done: 0 }));
    at(3_000, event({ phase: 'images', configId: 'tfjs-cpu', configCount: 1, done: 1 })); // 3 images × 1 s left
    const seen: number[] = [progress.overall];
    at(6_000); // the estimate has run out
    seen.push(progress.overall);
    expect(progress.remainingMs).toBe(0);
    at(30_000, event({ phase: 'images', configId: 'tfjs-cpu', configCount: 1, done: 2 })); // that image took 27 s
    seen.push(progress.overall);
    expect(progress.remainingMs).toBeGreaterThan(0);
    at(31_000);
    seen.push(progress.overall);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]);
    expect(progress.overall).toBeLessThan(1);
  });

  it('keeps the first labels the run produced, without counting them as a step of the estimate', () => {
    const { progress, at } = onClock(['tfjs-cpu', 'tfjs-wasm']);
    at(0, event({ phase: 'load', configId: 'tfjs-cpu' }));
    at(100, event({ phase: 'timing', configId: 'tfjs-cpu' }));
    const labels = [{ index: 1, label: 'Neutral', score: 0.9 }];
    at(150, event({ phase: 'timing', configId: 'tfjs-cpu', firstLabels: { image: 'a.png', labels } }));
    expect(progress.firstLabels).toEqual({ configId: 'tfjs-cpu', image: 'a.png', labels });
    expect(progress.message).toBe('timing: ');
    at(200, event({ phase: 'timing', configId: 'tfjs-wasm', firstLabels: { image: 'a.png', labels: [] } }));
    expect(progress.firstLabels?.configId).toBe('tfjs-cpu');
  });
});
