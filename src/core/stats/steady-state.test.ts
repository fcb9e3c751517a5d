import { describe, expect, it } from 'vitest';
import { defaultWarmupCap, isSteady, maxWarmupRuns, warmUpUntilSteady, warmupFloorMs } from './steady-state';
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
    // The cap of 30 comes after 1.1 s of warm-up: short of a 3 s floor, so warm-up goes on until steady
    // (run 58: the window before, 45, 30, 20, 20, 20, has the last one's median).
    const floored = await warmUpUntilSteady(replay(series), { warmupCap: 30, warmupMinMs: 3000 });
    expect(floored).toMatchObject({ runs: 58, steady: true });
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
