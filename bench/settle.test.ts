import { describe, expect, it } from 'vitest';
import type { CpuReading } from './other-cpu';
import { settle } from './settle';

/** Readings from a clock that `sleep` advances, the bench's processes busy at `busyCores` per window. */
function machine(busyCores: number[]) {
  let atMs = 0;
  let oursSeconds = 0;
  let window = 0;
  return {
    read: (): CpuReading => ({ atMs, machineSeconds: 0, oursSeconds }),
    sleep: async (ms: number) => {
      atMs += ms;
      oursSeconds += (busyCores[window++] ?? 0) * (ms / 1000);
    },
  };
}

describe('settle', () => {
  it('waits through busy windows until one is idle', async () => {
    expect(await settle(machine([1.9, 1.8, 0.5, 0.05]))).toEqual({ waitedMs: 4000, settled: true });
  });

  it('gives up at the limit and says so', async () => {
    expect(await settle({ ...machine(Array<number>(100).fill(2)), maxMs: 5000 })).toEqual({
      waitedMs: 5000,
      settled: false,
    });
  });

  it('does not wait where it cannot read the CPU', async () => {
    expect(await settle({ read: () => null, sleep: async () => {} })).toEqual({
      waitedMs: 0,
      settled: true,
    });
  });
});
