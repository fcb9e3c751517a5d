import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { expect, test } from '@playwright/test';
import { chromium, type Browser } from 'playwright-core';
import { chromiumArgs, chromiumPath, inCpuCgroup } from '../cli/chromium';
import { openCpuCgroup } from '../cli/cpu-cgroup';

/** A CPU-bound loop in a dedicated worker (where the inference runs), timed there: ms per loop. */
async function workerLoopMs(browser: Browser, loops: number): Promise<number[]> {
  const page = await browser.newPage();
  const times = await page.evaluate(async (n) => {
    const source = `onmessage = (e) => {
      const times = [];
      for (let r = 0; r < e.data; r++) {
        const start = performance.now();
        let x = 0;
        for (let i = 0; i < 2e7; i++) x = (x + i * 7) % 1000003;
        times.push(performance.now() - start + (x < 0 ? 1 : 0));
      }
      postMessage(times);
    };`;
    const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
    const done = new Promise<number[]>((resolve) => (worker.onmessage = (e) => resolve(e.data as number[])));
    worker.postMessage(n);
    return done;
  }, loops);
  await page.close();
  return times;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const cpus = 0.1;

test('a CPU-capped browser runs a worker loop slower than an uncapped one (cgroup quota reaches workers)', async () => {
  test.setTimeout(5 * 60_000);
  const cap = openCpuCgroup(cpus);
  if (!cap.ok) console.log(`throttling unavailable: ${cap.reason}`);
  test.skip(!cap.ok, cap.ok ? '' : `throttling unavailable: ${cap.reason}`);
  if (!cap.ok) return;
  const base = { executablePath: chromiumPath(), headless: true, args: chromiumArgs };
  const free = await chromium.launch(base);
  try {
    const capped = await chromium.launch(inCpuCgroup(base, cap.group));
    try {
      // Alternate the two so both see the same machine load.
      const freeMs: number[] = [];
      const cappedMs: number[] = [];
      for (let round = 0; round < 3; round++) {
        freeMs.push(...(await workerLoopMs(free, 1)));
        cappedMs.push(...(await workerLoopMs(capped, 1)));
      }
      const stat = readFileSync(join(cap.group.path, 'cpu.stat'), 'utf8');
      const throttled = Number(/^nr_throttled (\d+)$/m.exec(stat)?.[1]);
      console.log(
        `worker loop median: uncapped ${median(freeMs).toFixed(0)} ms, ${cap.group.description} ` +
          `${median(cappedMs).toFixed(0)} ms; throttled ${throttled} periods; load ${loadavg()[0].toFixed(1)}`,
      );
      expect(throttled, 'the kernel throttled the group').toBeGreaterThan(0);
      expect(median(cappedMs)).toBeGreaterThan(median(freeMs));
    } finally {
      await capped.close();
    }
  } finally {
    await free.close();
    await cap.group.close();
  }
  expect(existsSync(cap.group.path), 'the group is removed with the browser').toBe(false);
});
