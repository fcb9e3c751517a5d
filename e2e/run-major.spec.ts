import { expect, test } from '@playwright/test';
import { runInPage } from '../cli/run-headless';
import type { RunResult } from '../src/core/result-schema';
import type { LabProgress } from '../src/lab/run/run-lab';
import type { RunOptions } from '../src/lab/run/start-run';
import { useLabServer } from './support/lab-server';
import { countWorkers, workerCounts } from './support/worker-counts';

const server = useLabServer();
const configIds = ['tfjs-cpu', 'tfjs-wasm', 'ort-wasm'];

test('a run loads one configuration at a time: never more than one runtime worker beside the page', async ({
  page,
}) => {
  await countWorkers(page);
  const result = await runInPage(page, server.url, {
    modelId: 'nsfw-mobilenet-v2',
    configIds,
    limit: 2,
    warmupRuns: 10,
    timedRuns: 3,
  });

  const counts = await workerCounts(page);
  expect(counts.runtime).toEqual({ started: 3, most: 1, alive: 0 });
  // Two images are decoded on the page: no decode worker for so few (e2e/decode-workers.spec.ts has more).
  expect(counts.decode.started).toBe(0);
  expect(result.configs.map((c) => [c.configId, c.status])).toEqual(configIds.map((id) => [id, 'ok']));
  // A cap chosen below the default holds as chosen: no time floor extends it.
  expect(result.settings.warmupMinMs).toBe(0);
  for (const config of result.configs) {
    expect(config.warmupRuns).toBeGreaterThan(0);
    expect(config.warmupRuns).toBeLessThanOrEqual(10);
    expect(typeof config.steadyState).toBe('boolean');
    expect(config.p50IntervalMs!.low).toBeLessThanOrEqual(config.warm!.p50Ms);
  }
  // Measured from the page before dispose: the configuration's worker is the one dedicated worker alive.
  // Not ort-wasm: Chromium waits for every worker, and its pool's idle threads block in Atomics.wait.
  for (const config of result.configs.slice(0, 2)) {
    const userAgent = config.memory?.userAgent;
    expect(userAgent?.status, `${config.configId}: ${userAgent?.reason}`).toBe('measured');
    expect(userAgent!.workerBytes).toBeGreaterThan(0);
    expect(userAgent!.breakdown.map((b) => b.source)).toContain('DedicatedWorkerGlobalScope JavaScript');
  }
  // Plain ort-wasm runs with ORT's own thread count, as an app shipping ORT gets it: half the cores, at most 4.
  const ort = result.configs[2];
  const cores = result.environment.hardwareConcurrency ?? 1;
  expect(ort.runtime?.threads).toBe(Math.min(4, Math.ceil(cores / 2)));
  // Threaded ORT is not asked at all: waiting for an answer that never comes would only add the wait.
  expect(ort.memory?.userAgent?.status).toMatch(
    (ort.runtime?.threads ?? 1) > 1 ? /^unavailable$/ : /^(measured|timed-out)$/,
  );
  expect(result.configs[1].latencyVsReference?.ratioP50Interval).not.toBeNull();
  // The reference ran first; each image has one outcome per configuration, compared with it.
  for (const image of result.images) {
    expect(image.outcomes.map((o) => o.configId)).toEqual(configIds);
    expect(image.outcomes.every((o) => o.status === 'ok' && o.top1AgreesWithReference !== null)).toBe(true);
  }
});

test('a run cut off after its first configuration resumes after a reload and keeps every measured image', async ({
  context,
}) => {
  const options = {
    modelId: 'nsfw-mobilenet-v2',
    images: { kind: 'samples' },
    configIds,
    limit: 2,
    warmupRuns: 0,
    timedRuns: 2,
  };
  const first = await context.newPage();
  const progress: LabProgress[] = [];
  let cut: () => void = () => {};
  const cutPoint = new Promise<void>((resolve) => (cut = resolve));
  await first.exposeFunction('crosscheckProgress', (p: LabProgress) => {
    progress.push(p);
    // The second configuration has measured its first image: close the tab now.
    if (p.configIndex === 1 && p.phase === 'images' && p.done === 1) cut();
  });
  await first.goto(server.url);
  await first.waitForFunction(() => 'crosscheck' in window);
  const running = first
    .evaluate(
      (o) => window.crosscheck.run(o as RunOptions).then(() => 'finished before the cut', String),
      options,
    )
    .catch(() => 'cut'); // closing the page ends the evaluation
  // The run must reach the cut point, not finish or fail before it.
  expect(await Promise.race([cutPoint.then(() => 'cut'), running]), JSON.stringify(progress.at(-1))).toBe(
    'cut',
  );
  await first.close();

  const page = await context.newPage();
  let workersStarted = 0;
  page.on('worker', (worker) => void (worker.url().includes('runtime-worker') && workersStarted++));
  await page.goto(server.url);
  const offer = page.getByTestId('resume-offer');
  await expect(offer).toContainText('1 of 3 configurations done');
  await offer.getByRole('button', { name: 'Resume' }).click();
  const rows = page.getByTestId('config-table').locator('tbody tr');
  await expect(rows).toHaveCount(3, { timeout: 5 * 60_000 });
  await expect(page.getByTestId('resume-offer')).toHaveCount(0);

  // The record kept on the device: every configuration, every image on each, as one run.
  const records = await page.evaluate(
    () =>
      new Promise<RunResult[]>((resolve, reject) => {
        const open = indexedDB.open('crosscheck');
        open.onerror = () => reject(new Error(`IndexedDB: ${open.error?.message}`));
        open.onsuccess = () => {
          const request = open.result.transaction('runs').objectStore('runs').getAll();
          request.onsuccess = () => resolve(request.result.map((row: { record: RunResult }) => row.record));
          request.onerror = () => reject(new Error(`IndexedDB: ${request.error?.message}`));
        };
      }),
  );
  expect(records).toHaveLength(1);
  const [record] = records;
  expect(record.configs.map((c) => [c.configId, c.status])).toEqual(configIds.map((id) => [id, 'ok']));
  expect(record.images).toHaveLength(2);
  for (const image of record.images) {
    expect(image.outcomes.map((o) => `${o.configId}:${o.status}`)).toEqual(configIds.map((id) => `${id}:ok`));
  }
  // The reference finished before the cut and was not run again: the resumed attempt started two workers.
  expect(progress[0]).toMatchObject({ configId: 'tfjs-cpu', phase: 'load' });
  expect(workersStarted).toBe(2);
});
