import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it('keeps counting a process of the tree after its parent ended (as a closed browser’s renderers)', async () => {
    const done = join(mkdtempSync(join(tmpdir(), 'other-cpu-')), 'done');
    const spin = `const end = Date.now() + 800; while (Date.now() < end); require('fs').writeFileSync(${JSON.stringify(done)}, '')`;
    const before = readCpu()!;
    // The shell starts the spinner and ends while it spins: the spinner lives on under init, outside the tree.
    spawn('sh', ['-c', `${JSON.stringify(process.execPath)} -e ${JSON.stringify(spin)} & sleep 0.3; exit 0`]);
    for (let waited = 0; !existsSync(done) && waited < 20_000; waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      readCpu(); // the bench reads often too: a process is followed from when it is first seen
    }
    const after = readCpu()!;
    expect(existsSync(done)).toBe(true);
    expect(after.oursSeconds - before.oursSeconds).toBeGreaterThanOrEqual(0.3);
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
