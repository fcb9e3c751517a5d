import { describe, expect, it } from 'vitest';
import { asRun, noRunInProgress } from './runs-in-progress';

describe('runs in progress', () => {
  it('waits until the last of overlapping runs has ended, failed ones included', async () => {
    let idle = false;
    let endFirst: () => void = () => {};
    let failSecond: (error: Error) => void = () => {};
    const first = asRun(() => new Promise<void>((resolve) => (endFirst = resolve)));
    const second = asRun(() => new Promise<void>((_, reject) => (failSecond = reject)));
    void noRunInProgress().then(() => (idle = true));
    endFirst();
    await first;
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(idle).toBe(false);
    failSecond(new Error('worker crashed'));
    await expect(second).rejects.toThrow('worker crashed');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(idle).toBe(true);
  });

  it('answers at once when no run is in progress', async () => {
    await expect(noRunInProgress()).resolves.toBeUndefined();
  });
});
