import { describe, expect, it } from 'vitest';
import { isSteady, warmUpUntilSteady } from './steady-state';
import { normalSamples } from './synthetic-series.test-fixture';

/** A runner that answers the series one sample per call, as a worker's timed inference would. */
function replay(series: number[]) {
  let i = 0;
  return async () => series[Math.min(i++, series.length - 1)];
}

describe('steady state', () => {
  it('waits out a slow start (the ort-wasm series seen in a default run)', async () => {
    const series = [108, 108, 83, 99, 91, 87, 93, 56, 18, 17, 19, 18, 17, 18, 27, 14, 18, 17, 18, 19, 19];
    const warm = await warmUpUntilSteady(replay(series), 50);
    // 83, 99, 91, 87, 93 alone look steady (spread 18 %); their median differs from the window before's
    // by 9 %, but there is no window before until run 10, when the drop to ~18 ms has begun.
    // The 27 and 14 keep runs 15–16 out of any last window; at run 21 the last window (18, 17, 18, 19, 19)
    // is tight and its median equals that of the window before, which is judged by its median only.
    expect(warm).toMatchObject({ runs: 21, steady: true });
    expect(warm.samplesMs).toEqual(series);
  });

  it('stops at the cap and says steady state was not reached', async () => {
    const alternating = Array.from({ length: 40 }, (_, i) => (i % 2 ? 10 : 20));
    expect(await warmUpUntilSteady(replay(alternating), 30)).toMatchObject({ runs: 30, steady: false });
    // A cap below two windows can never see them agree.
    expect(await warmUpUntilSteady(replay([5]), 9)).toMatchObject({ runs: 9, steady: false });
  });

  it('accepts a steady series at once and tolerates ordinary noise', async () => {
    expect(await warmUpUntilSteady(replay([10]), 50)).toMatchObject({ runs: 10, steady: true });
    const noisy = normalSamples(50, 20, 0.6, 7); // 3 % noise
    expect((await warmUpUntilSteady(replay(noisy), 50)).steady).toBe(true);
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
