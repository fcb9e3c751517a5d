import type { Browser, Page } from 'playwright-core';
import { openLab, runInPage } from '../cli/run-headless';
import type { RunResult } from '../src/core/result-schema';
import type { LabProgress } from '../src/lab/run/run-lab';
import { mannWhitneyU } from '../src/core/stats/mann-whitney';
import { summarizeLatency, type LatencySummary } from '../src/core/stats/summary';
import type { BareLoopPageReply, BareLoopPageRequest } from './bare-loop-protocol';
import { settle as settleBrowser, type Settled } from './settle';
import { startUpMs } from './sweep-cost';

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
  /** Times the bare loop before the lab; passes alternate it, so neither side is always first. */
  bareFirst?: boolean;
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
  /** Each primer's start-up (startUpMs): a bare loop in a fresh browser, one before each side. */
  startUpMs: number[];
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
 * One configuration, both ways, each in a browser of its own: open the bench page, prime the runtime with a
 * discarded bare loop, wait for the browser to go idle, then time one side — the real lab (startRun, its
 * worker, Comlink) in one browser, the bare loop in the other. Both timed loops are thus the second worker
 * of a fresh browser. Sharing anything made the figure one of position (docs/timing.md): in one tab the
 * third ORT worker ran up to 2.5× slower than the second, whichever side it was; in two tabs of one
 * browser the side whose tab opened first was faster in 9 of 9 tries.
 */
export async function labVsBare(
  launch: () => Promise<Browser>,
  benchUrl: string,
  options: LabVsBareOptions,
): Promise<LabVsBare> {
  const { modelId, configId, warmupRuns, timedRuns, timeoutMs } = options;
  const request: BareLoopPageRequest = {
    configId,
    modelId,
    imagesUrl: options.imagesDir ? '/images/' : undefined,
    warmupRuns,
    timedRuns,
    timeoutMs,
  };
  const bareLoop = (page: Page) => page.evaluate((r) => window.crosscheckBench.bareLoop(r), request);
  const notes: string[] = [];
  const startUps: number[] = [];
  // Each timed side starts once the browser is idle, so neither shares the cores with V8 still compiling
  // the primer's wasm in the background. The primer is a fresh runtime's whole start: the sweep prices it.
  const primeThenSettle = async (page: Page, before: string) => {
    const primer = await bareLoop(page);
    if (!primer.ok) notes.push(`primer before ${before}: ${primer.error}`);
    else {
      const startUp = startUpMs(primer);
      if (startUp !== null) startUps.push(startUp);
    }
    const { waitedMs, settled } = await (options.settle ?? settleBrowser)();
    if (!settled)
      notes.push(`the browser was still busy after ${waitedMs / 1000} s; ${before} started anyway`);
    else if (waitedMs > 2000)
      notes.push(`waited ${waitedMs / 1000} s for the browser to go idle before ${before}`);
  };
  const inBrowser = async <T>(work: (page: Page) => Promise<T>): Promise<T> => {
    const browser = await launch();
    try {
      const page = await browser.newPage();
      page.setDefaultTimeout(0);
      return await work(page);
    } finally {
      await browser.close();
    }
  };
  const labSide = () =>
    inBrowser((page) =>
      runInPage(page, benchUrl, {
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
        beforeRun: (loaded) => primeThenSettle(loaded, 'the lab'),
      }),
    );
  const bareSide = () =>
    inBrowser(async (page) => {
      await openLab(page, benchUrl, { onConsole: options.onConsole });
      await primeThenSettle(page, 'the bare loop');
      return bareLoop(page);
    });
  let result: RunResult;
  let bare: BareLoopPageReply;
  if (options.bareFirst) {
    bare = await bareSide();
    result = await labSide();
  } else {
    result = await labSide();
    bare = await bareSide();
  }

  const lab = result.configs.find((c) => c.configId === configId);
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
    startUpMs: startUps,
    pValue: test && Number.isFinite(test.pValue) ? test.pValue : null,
    activeBackend: lab?.runtime?.activeBackend ?? null,
    threads: lab?.runtime?.threads ?? null,
    inputSha256: labInput,
    notes,
  };
}
