import { describe, expect, it } from 'vitest';
import {
  defaultWarmupCap,
  isSteady,
  maxLoopRuns,
  maxWarmupRuns,
  timeLoop,
  warmUpUntilSteady,
  warmupFloorMs,
} from './steady-state';
import { normalSamples } from './synthetic-series.test-fixture';

/** A runner that answers the series one sample per call, as a worker's timed inference would. */
function replay(series: number[]) {
  let i = 0;
  return async () => series[Math.min(i++, series.length - 1)];
}

describe('steady state', () => {
  it('waits out a slow start (the ort-wasm series seen in a default run)', async () => {
    const series = [108, 108, 83, 99, 91, 87, 93, 56, 18, 17, 19, 18, 17, 18, 27, 14, 18, 17, 18, 19, 19];
    const warm = await warmUpUntilSteady(replay(series), { warmupCap: 50 });
    // 83, 99, 91, 87, 93 alone look steady (spread 18 %); their median differs from the window before's
    // by 9 %, but there is no window before until run 10, when the drop to ~18 ms has begun.
    // The 27 and 14 keep runs 15–16 out of any last window; at run 21 the last window (18, 17, 18, 19, 19)
    // is tight and its median equals that of the window before, which is judged by its median only.
    expect(warm).toMatchObject({ runs: 21, steady: true });
    expect(warm.samplesMs).toEqual(series);
  });

  it('stops at the cap and says steady state was not reached', async () => {
    const alternating = Array.from({ length: 40 }, (_, i) => (i % 2 ? 10 : 20));
    expect(await warmUpUntilSteady(replay(alternating), { warmupCap: 30 })).toMatchObject({
      runs: 30,
      steady: false,
    });
    // A cap below two windows can never see them agree.
    expect(await warmUpUntilSteady(replay([5]), { warmupCap: 9 })).toMatchObject({ runs: 9, steady: false });
  });

  it('extends a cap reached within the time floor while the runs still speed up, never past 10 × the cap', async () => {
    // A fast runtime still being optimised: 50 uneven runs of 30–45 ms, then steady at 20 ms.
    const tierUp = Array.from({ length: 50 }, (_, i) => (i % 2 ? 30 : 45));
    const series = [...tierUp, ...Array<number>(20).fill(20)];
    // The cap of 30 comes after 1.1 s of warm-up: short of a 3 s floor, so warm-up goes on until it is
    // steady and has lasted 3 s (run 107: 50 runs are 1.875 s, 57 more of 20 ms reach 3.015 s).
    const floored = await warmUpUntilSteady(replay(series), { warmupCap: 30, warmupMinMs: 3000 });
    expect(floored).toMatchObject({ runs: 107, steady: true });
    expect(await warmUpUntilSteady(replay(series), { warmupCap: 30 })).toMatchObject({
      runs: 30,
      steady: false,
    });
    // Past the floor, the cap holds again: 30 runs of 200 ms are 6 s.
    const slow = Array.from({ length: 40 }, (_, i) => (i % 2 ? 100 : 300));
    const capped = await warmUpUntilSteady(replay(slow), { warmupCap: 30, warmupMinMs: 3000 });
    expect(capped).toMatchObject({ runs: 30, steady: false });
    // Runs too fast for any floor stop at 10 × the cap.
    const flicker = Array.from({ length: 400 }, (_, i) => (i % 2 ? 0.1 : 0.2));
    const bounded = await warmUpUntilSteady(replay(flicker), { warmupCap: 30, warmupMinMs: 3000 });
    expect(bounded).toMatchObject({ runs: 300, steady: false });
    expect(maxWarmupRuns({ warmupCap: 30, timedRuns: 20, warmupMinMs: 3000 })).toBe(300);
    expect(maxWarmupRuns({ warmupCap: 0, timedRuns: 20, warmupMinMs: 3000 })).toBe(0);
    // The floor comes with the default cap; a cap someone chose holds as chosen.
    expect(warmupFloorMs(defaultWarmupCap)).toBe(3000);
    expect(warmupFloorMs(2)).toBe(0);
  });

  it('calls nothing steady within the time floor: a plateau while V8 still compiles is not the level', async () => {
    // ort-wasm in a fresh browser: its runs sit at ~40 ms for a second while V8's background compile
    // shares the cores, as steady as they are at ~20 ms once it is done.
    const series = [...Array<number>(25).fill(40), ...Array<number>(150).fill(20)];
    expect(await warmUpUntilSteady(replay(series), { warmupCap: 30 })).toMatchObject({
      runs: 10,
      steady: true,
    });
    // With the floor: 25 runs of 40 ms are 1 s, 100 more of 20 ms reach 3 s, and those are steady.
    const floored = await warmUpUntilSteady(replay(series), { warmupCap: 30, warmupMinMs: 3000 });
    expect(floored).toMatchObject({ runs: 125, steady: true });
    // Noise at the run that fills the floor is no verdict: two more windows may still be steady.
    const spikeAtFloor = [...Array<number>(59).fill(50), 90, ...Array<number>(20).fill(50)];
    const judged = await warmUpUntilSteady(replay(spikeAtFloor), { warmupCap: 30, warmupMinMs: 3000 });
    expect(judged).toMatchObject({ runs: 65, steady: true });
    // Runs too fast to fill the floor within 10 × the cap are judged at the last run allowed.
    const quick = await warmUpUntilSteady(replay([1]), { warmupCap: 30, warmupMinMs: 3000 });
    expect(quick).toMatchObject({ runs: 300, steady: true });
  });

  it('retakes timed runs that left the level warm-up ended on, at most twice, under a time floor', async () => {
    // Any floor brings retakes; 100 ms passes within the first window here.
    const plan = { warmupCap: 30, timedRuns: 20, warmupMinMs: 100 };
    // Steady at 20 ms, then 20 timed runs at ~41 ms while something else had the cores, then 20 ms again.
    const series = [
      ...Array<number>(10).fill(20),
      ...Array<number>(20).fill(41),
      ...Array<number>(40).fill(20),
    ];
    const loop = await timeLoop(replay(series), plan);
    // The off-level timed runs count as warm-up; a new warm-up (10 runs) then the retaken timed runs.
    expect(loop).toMatchObject({ warmupRuns: 40, steady: true });
    expect(loop.samplesMs).toEqual(Array<number>(20).fill(20));
    // On the level at once: no retake.
    expect(await timeLoop(replay([20]), plan)).toMatchObject({
      warmupRuns: 10,
      steady: true,
    });
    // Never back on the level (each timed block twice the warm-up before it): two retakes, then the
    // last timed runs are kept and reported as not steady.
    const climbing = [10, 20, 40].flatMap((ms) => [
      ...Array<number>(10).fill(ms),
      ...Array<number>(20).fill(2 * ms),
    ]);
    const stuck = await timeLoop(replay(climbing), plan);
    expect(stuck).toMatchObject({ warmupRuns: 70, steady: false });
    expect(stuck.samplesMs).toEqual(Array<number>(20).fill(80));
    // A warm-up that never became steady is timed as it is: there is no level to hold.
    const alternating = Array.from({ length: 60 }, (_, i) => (i % 2 ? 10 : 20));
    expect(await timeLoop(replay(alternating), plan)).toMatchObject({
      warmupRuns: 30,
      steady: false,
    });
    // A cap someone chose holds as chosen: no retake, and timed runs off the level are not steady.
    const chosen = await timeLoop(replay(series), { warmupCap: 30, timedRuns: 20 });
    expect(chosen).toMatchObject({ warmupRuns: 10, steady: false });
    expect(chosen.samplesMs).toEqual(Array<number>(20).fill(41));
    // The hang limit counts every run a loop may make: 300 + 20 under the floor, two retakes of 30 + 20.
    expect(maxLoopRuns({ warmupCap: 30, timedRuns: 20, warmupMinMs: 3000 })).toBe(420);
    expect(maxLoopRuns({ warmupCap: 10, timedRuns: 3 })).toBe(13);
  });

  it('accepts a steady series at once and tolerates ordinary noise', async () => {
    expect(await warmUpUntilSteady(replay([10]), { warmupCap: 50 })).toMatchObject({
      runs: 10,
      steady: true,
    });
    const noisy = normalSamples(50, 20, 0.6, 7); // 3 % noise
    expect((await warmUpUntilSteady(replay(noisy), { warmupCap: 50 })).steady).toBe(true);
  });

  it('judges the last two windows: spread of the last, shift of the median', () => {
    const settled = [11, 10.5, 11, 11.5, 10.8];
    expect(isSteady([100, 50, ...settled, 10, 11, 12, 10.5, 11])).toBe(true); // spread 2 ÷ 11 = 0.18
    expect(isSteady([...settled, 10, 11, 13, 10.5, 11])).toBe(false); // spread 3 ÷ 11 = 0.27
    expect(isSteady([13, 13, 13, 13, 13, 11, 11, 11, 11, 11])).toBe(false); // median moved 18 %
    expect(isSteady(Array.from({ length: 10 }, () => 0))).toBe(true);
    expect(isSteady([10, 10, 10, 10, 10, 10, 10, 10, 10])).toBe(false);
  });
});
