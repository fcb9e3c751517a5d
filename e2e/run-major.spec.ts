import { expect, test } from '@playwright/test';
import { runInPage } from '../cli/run-headless';
import { useLabServer } from './support/lab-server';

const server = useLabServer();
const configIds = ['tfjs-cpu', 'tfjs-wasm', 'ort-wasm'];

test('a run loads one configuration at a time: never more than one runtime worker beside the page', async ({
  page,
}) => {
  // Count runtime workers from the page's side: constructed, until the lab terminates them. (The browser
  // tears a terminated worker's thread down asynchronously, so its own target list can briefly show the
  // next worker beside the one being torn down.)
  await page.addInitScript(() => {
    const counts = { alive: 0, most: 0, started: 0 };
    Object.assign(window, { runtimeWorkerCounts: counts });
    const NativeWorker = window.Worker;
    window.Worker = class extends NativeWorker {
      #counted = false;
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        if (!String(url).includes('runtime-worker')) return;
        this.#counted = true;
        counts.started++;
        counts.most = Math.max(counts.most, ++counts.alive);
      }
      override terminate(): void {
        if (this.#counted) counts.alive--;
        this.#counted = false;
        super.terminate();
      }
    };
  });
  const result = await runInPage(page, server.url, {
    modelId: 'nsfw-mobilenet-v2',
    configIds,
    limit: 2,
    warmupRuns: 10,
    timedRuns: 3,
  });

  const counts = await page.evaluate(
    () => (window as unknown as { runtimeWorkerCounts: object }).runtimeWorkerCounts,
  );
  expect(counts).toEqual({ started: 3, most: 1, alive: 0 });
  expect(result.configs.map((c) => [c.configId, c.status])).toEqual(configIds.map((id) => [id, 'ok']));
  for (const config of result.configs) {
    expect(config.warmupRuns).toBeGreaterThan(0);
    expect(config.warmupRuns).toBeLessThanOrEqual(10);
    expect(typeof config.steadyState).toBe('boolean');
    expect(config.p50IntervalMs!.low).toBeLessThanOrEqual(config.warm!.p50Ms);
  }
  expect(result.configs[1].latencyVsReference?.ratioP50Interval).not.toBeNull();
  // The reference ran first; each image has one outcome per configuration, compared with it.
  for (const image of result.images) {
    expect(image.outcomes.map((o) => o.configId)).toEqual(configIds);
    expect(image.outcomes.every((o) => o.status === 'ok' && o.top1AgreesWithReference !== null)).toBe(true);
  }
});
