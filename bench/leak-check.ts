import { figure, type BenchFigure } from './bench-figure';
import type { BareLoopPageReply, BareLoopPageRequest } from './bare-loop-protocol';
import { linearSlope } from './linear-slope';
import { withSampledBrowser } from './sampled-browser';

/** Growth per 1000 inferences below the noise of sampling PSS: no leak. */
export const leakTargetMiB = 1;

/**
 * Runs `inferences` inferences back to back on one configuration (the bench page's bare worker: the
 * runtime as a page author uses it) and fits a line to the browser's PSS sampled during the timed runs
 * (every 250 ms; the first fifth skipped). TF.js tensors and ORT's wasm heap both show in it.
 */
export async function leakCheck(
  benchUrl: string,
  request: Omit<BareLoopPageRequest, 'timedRuns' | 'warmupRuns'>,
  inferences: number,
): Promise<BenchFigure> {
  let loop = { from: 0, to: 0 };
  const { value: reply, samples } = await withSampledBrowser(async (page) => {
    await page.goto(benchUrl);
    await page.waitForFunction(() => 'crosscheckBench' in window);
    const from = performance.now();
    const answer: BareLoopPageReply = await page.evaluate((r) => window.crosscheckBench.bareLoop(r), {
      ...request,
      warmupRuns: 5,
      timedRuns: inferences,
    });
    loop = { from, to: performance.now() };
    return answer;
  }, 250);
  const name = `memory growth over ${inferences} inferences, ${request.configId}`;
  if (!reply.ok) return figure(name, `no value: ${reply.error}`, `≤ ${leakTargetMiB} MiB / 1000`, null);
  // The call also starts the worker and loads the model: the timed runs are its last Σ samples ms.
  const span = Math.min(
    loop.to - loop.from,
    reply.samplesMs.reduce((sum, ms) => sum + ms, 0),
  );
  const from = loop.to - span;
  const points = samples
    .map((s) => ({ x: s.atMs, y: s.pssKiB }))
    .filter((p) => p.x >= from + span / 5 && p.x <= loop.to);
  const slope = linearSlope(points);
  if (slope === null)
    return figure(name, `too few samples (${points.length})`, `≤ ${leakTargetMiB} MiB / 1000`, null);
  const perThousandMiB = (slope * (span / inferences) * 1000) / 1024;
  return figure(
    name,
    `${perThousandMiB.toFixed(2)} MiB per 1000 inferences (slope of ${points.length} PSS samples)`,
    `≤ ${leakTargetMiB} MiB / 1000 (no growth)`,
    perThousandMiB <= leakTargetMiB,
  );
}
