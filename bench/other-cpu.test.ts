import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { busyReason, figure, quietOtherCores } from './bench-figure';
import { otherCpuBetween, readCpu } from './other-cpu';

/** Keeps this process's thread busy for `ms` of wall time. */
function spin(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

describe.runIf(existsSync('/proc/stat'))('others’ CPU, from /proc', () => {
  it('counts this process as ours, so its own work is not others’', () => {
    const before = readCpu()!;
    spin(300);
    const after = readCpu()!;
    expect(after.oursSeconds - before.oursSeconds).toBeGreaterThanOrEqual(0.2);
  });

  it('counts a process outside the tree as others’: this one, seen from a child’s tree', async () => {
    const child = spawn('sleep', ['5']);
    try {
      const before = readCpu(child.pid)!;
      spin(300);
      const after = readCpu(child.pid)!;
      expect(otherCpuBetween(before, after).cpuSeconds).toBeGreaterThanOrEqual(0.2);
    } finally {
      child.kill();
    }
  });
});

describe('a figure’s verdict on the machine', () => {
  it('is busy when others used more than the threshold, whatever the load', () => {
    const quiet = {
      ...figure('f', '1', '≤ 1', true),
      load: [3, 3, 3],
      others: { cpuSeconds: 0.5, cores: 0.01 },
    };
    const busy = { ...quiet, others: { cpuSeconds: 30, cores: quietOtherCores + 0.5 } };
    expect(busyReason(quiet)).toBeNull();
    expect(busyReason(busy)).toMatch(/other processes used 0\.60 cores/);
  });

  it('falls back on the load average without a reading', () => {
    expect(busyReason({ ...figure('f', '1', '≤ 1', true), load: [3, 3, 3], others: null })).toMatch(
      /1-min load 3\.00/,
    );
    expect(busyReason({ ...figure('f', '1', '≤ 1', true), load: [0.2, 0.2, 0.2], others: null })).toBeNull();
  });
});
