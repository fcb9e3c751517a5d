import type { Browser } from 'playwright-core';
import { runInPage } from '../cli/run-headless';
import type { LabProgress } from '../src/lab/run/run-lab';
import { mannWhitneyU } from '../src/core/stats/mann-whitney';
import { summarizeLatency, type LatencySummary } from '../src/core/stats/summary';
import type { BareLoopPageReply, BareLoopPageRequest } from './bare-loop-protocol';
import { settle as settleBrowser, type Settled } from './settle';

export interface LabVsBareOptions {
  modelId: string;
  configId: string;
  /** A folder of images mounted at /images/ by the server (labMounts); the embedded samples when absent. */
  imagesDir?: string;
  limit: number;
  warmupRuns: number;
  timedRuns: number;
  timeoutMs: number;
  onProgress?: (progress: LabProgress) => void;
  onConsole?: (line: string) => void;
  /** Waits for the browser's background work to end before each side; tests give a fake. */
  settle?: () => Promise<Settled>;
}

export interface LabVsBare {
  configId: string;
  modelId: string;
  warmupRuns: number;
  timedRuns: number;
  lab: LatencySummary | null;
  bare: LatencySummary | null;
  /** The timed samples behind the summaries, for the bootstrap interval of the ratio. */
  labSamplesMs: number[];
  bareSamplesMs: number[];
  /** Mann–Whitney two-sided p of lab vs bare samples: a small p says the gap is more than noise. */
  pValue: number | null;
  /** What ran, from the lab's record: backend, wasm threads, and the hash of the timed input. */
  activeBackend: string | null;
  threads: number | null;
  inputSha256: string | null;
  /** Why a side has no numbers, or what differs between the two sides. */
  notes: string[];
}

function summary(samples: number[]): LatencySummary | null {
  return samples.length ? summarizeLatency(samples) : null;
}

/**
 * One configuration, both ways, in one tab: runInPage opens the bench page, where a discarded bare loop
 * primes the runtime, then runs the real lab there (startRun, its worker, Comlink), then the same
 * document runs the bare loop. Each worker is terminated before the next starts, so they never overlap.
 */
export async function labVsBare(
  browser: Browser,
  benchUrl: string,
  options: LabVsBareOptions,
): Promise<LabVsBare> {
  const { modelId, configId, warmupRuns, timedRuns, timeoutMs } = options;
  const page = await browser.newPage();
  page.setDefaultTimeout(0);
  try {
    const request: BareLoopPageRequest = {
      configId,
      modelId,
      imagesUrl: options.imagesDir ? '/images/' : undefined,
      warmupRuns,
      timedRuns,
      timeoutMs,
    };
    const bareLoop = () => page.evaluate((r) => window.crosscheckBench.bareLoop(r), request);
    const notes: string[] = [];
    // Each side starts once the browser is idle, so neither shares the cores with V8 still compiling the
    // previous loop's wasm in the background.
    const settled = async (before: string) => {
      const { waitedMs, settled } = await (options.settle ?? settleBrowser)();
      if (!settled)
        notes.push(`the browser was still busy after ${waitedMs / 1000} s; ${before} started anyway`);
      else if (waitedMs > 2000)
        notes.push(`waited ${waitedMs / 1000} s for the browser to go idle before ${before}`);
    };
    const result = await runInPage(page, benchUrl, {
      modelId,
      configIds: [configId],
      // Its own reference, or the lab would add the default reference lane and time it too.
      referenceConfigId: configId,
      imagesDir: options.imagesDir,
      limit: options.limit,
      warmupRuns,
      timedRuns,
      timeoutMs,
      onProgress: options.onProgress,
      onConsole: options.onConsole,
      // The first loop in a fresh page pays V8's tier-up of the runtime's wasm (its first 10 or so
      // inferences run slower); a later worker of the same page reuses the optimised code. Whichever side
      // ran first paid it: a bare loop first, discarded, puts both on the same terms (docs/timing.md).
      beforeRun: async () => {
        const primer = await bareLoop();
        if (!primer.ok) notes.push(`primer: ${primer.error}`);
        await settled('the lab');
      },
    });
    const lab = result.configs.find((c) => c.configId === configId);
    await settled('the bare loop');
    const bare: BareLoopPageReply = await bareLoop();

    if (lab?.status !== 'ok') notes.push(`lab ${lab?.status ?? 'missing'}: ${lab?.reason ?? 'no result'}`);
    else if (lab.runtime?.fellBack) notes.push(`lab: ${lab.runtime.fallbackDetail ?? 'fell back'}`);
    if (!bare.ok) notes.push(`bare: ${bare.error}`);
    else if (lab?.runtime && bare.activeBackend !== lab.runtime.activeBackend) {
      notes.push(`backends differ: lab ${lab.runtime.activeBackend}, bare ${bare.activeBackend}`);
    }
    const unsteady = [
      lab?.status === 'ok' && !lab.steadyState ? `lab (${lab.warmupRuns} runs)` : null,
      bare.ok && !bare.steady ? `bare (${bare.warmupRuns} runs)` : null,
    ].filter((side) => side !== null);
    if (unsteady.length) notes.push(`not steady within the warm-up cap: ${unsteady.join(', ')}`);
    const labInput = result.images.find((i) => i.inputSha256)?.inputSha256 ?? null;
    if (bare.inputSha256 && labInput && bare.inputSha256 !== labInput)
      notes.push('input bytes differ from the lab’s');

    const labSamples = lab?.warmSamplesMs ?? [];
    const bareSamples = bare.ok ? bare.samplesMs : [];
    const test = labSamples.length && bareSamples.length ? mannWhitneyU(labSamples, bareSamples) : null;
    return {
      configId,
      modelId,
      warmupRuns,
      timedRuns,
      lab: summary(labSamples),
      bare: summary(bareSamples),
      labSamplesMs: labSamples,
      bareSamplesMs: bareSamples,
      pValue: test && Number.isFinite(test.pValue) ? test.pValue : null,
      activeBackend: lab?.runtime?.activeBackend ?? null,
      threads: lab?.runtime?.threads ?? null,
      inputSha256: labInput,
      notes,
    };
  } finally {
    await page.close();
  }
}
