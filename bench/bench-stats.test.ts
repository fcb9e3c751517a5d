import { describe, expect, it } from 'vitest';
import { validRunResult } from '../src/core/result-schema.test-fixture';
import { descendants, parentPid, peakKiB, pssKiB } from './chromium-memory';
import { combineRepeats, runtimePace, runtimeStartUp, type OverheadEstimate } from './harness-overhead';
import type { LabVsBare } from './lab-vs-bare';
import { linearSlope } from './linear-slope';
import { timeSchedule } from './bare-loop-timing';
import { startUpMs, sweepCost } from './sweep-cost';
import { summarizeLatency } from '../src/core/stats/summary';

describe('reading Chromium memory from /proc', () => {
  it('takes the Pss line of smaps_rollup, in KiB', () => {
    const rollup =
      '55d0-7ffd ---p 00000000 00:00 0  [rollup]\nRss:  204800 kB\nPss:  150321 kB\nPss_Anon: 1 kB\n';
    expect(pssKiB(rollup)).toBe(150321);
    expect(pssKiB('')).toBeNull();
  });

  it('reads the parent pid after a command name holding spaces and parentheses', () => {
    expect(parentPid('4242 (chrome (gpu) x) S 4200 4242 4242 0 -1')).toBe(4200);
  });

  it('finds every process below the browser, however deep, and nothing beside it', () => {
    const parents = new Map([
      [10, 1], // browser
      [11, 10], // zygote
      [12, 11], // renderer, forked by the zygote
      [13, 10], // gpu
      [20, 1], // another program
    ]);
    expect(descendants([10], parents).sort()).toEqual([10, 11, 12, 13]);
  });

  it('peaks overall or per label', () => {
    const samples = [
      { atMs: 0, pssKiB: 5, label: 'a' },
      { atMs: 1, pssKiB: 9, label: 'b' },
      { atMs: 2, pssKiB: 7, label: 'a' },
    ];
    expect([peakKiB(samples), peakKiB(samples, 'a'), peakKiB(samples, 'none')]).toEqual([9, 7, 0]);
  });
});

describe('bench statistics', () => {
  it('fits a line', () => {
    expect(linearSlope([0, 1, 2, 3].map((x) => ({ x, y: 2 * x + 1 })))).toBeCloseTo(2, 12);
    expect(linearSlope([{ x: 1, y: 1 }])).toBeNull();
  });

  it('takes the median over repeats of the lab ÷ bare ratio and of its interval bounds', () => {
    const row = (lab: number[], bare: number[]): LabVsBare => ({
      configId: 'ort-wasm',
      modelId: 'm',
      warmupRuns: 1,
      timedRuns: lab.length,
      lab: summarizeLatency(lab),
      bare: summarizeLatency(bare),
      labSamplesMs: lab,
      startUpMs: [],
      bareSamplesMs: bare,
      pValue: null,
      activeBackend: 'wasm',
      threads: 2,
      inputSha256: null,
      notes: [],
    });
    const [estimate] = combineRepeats([
      [row([10, 10, 10], [10, 10, 10])],
      [row([12, 12, 12], [10, 10, 10])],
      [row([30, 30, 30], [10, 10, 10])],
    ]);
    expect(estimate.repeats.map((r) => r.ratio)).toEqual([1, 1.2, 3]);
    expect(estimate.ratio).toBe(1.2);
    expect([estimate.low, estimate.high]).toEqual([1.2, 1.2]);
  });

  it('paces the sweep at the faster side: a bare loop slowed by its place in the tab would flatter it', () => {
    const row = (lab: number | null, bare: number) =>
      ({ lab: lab === null ? null : { p50Ms: lab }, bare: { p50Ms: bare } }) as LabVsBare;
    const estimate = (rows: LabVsBare[]) =>
      ({
        configId: 'ort-wasm',
        modelId: 'm',
        repeats: [],
        ratio: null,
        low: null,
        high: null,
        rows,
      }) as OverheadEstimate;
    expect(runtimePace(estimate([row(28, 72), row(29, 70), row(30, 71)]))).toBe(29);
    expect(runtimePace(estimate([row(null, 72)]))).toBe(72);
  });

  it("prices a sweep's work at the runtime's pace: loads plus every inference it ran, plus its start-up", () => {
    const run = validRunResult();
    const [ortWasm] = run.configs;
    // 54.322 s from start to finish; ort-wasm: fetch 12.5 + compile 80, cold + 3 warm-up + 3 timed + 1 image.
    const oneConfig = { ...run, configs: [ortWasm] };
    const cost = sweepCost(oneConfig, new Map([['ort-wasm', 10]]), new Map([['ort-wasm', 500]]));
    expect(cost.inferences).toBe(8);
    expect(cost.startUpMs).toBe(500);
    expect(cost.expectedMs).toBeCloseTo(12.5 + 80 + 8 * 10 + 500, 9);
    expect(cost.wallMs).toBe(54_322);
    expect(cost.ratioAtPace).toBeCloseTo(54_322 / (12.5 + 80 + 8 * 10), 9);
    // A start-up no bare loop measured is priced at nothing: the figure comes out worse, never better.
    expect(sweepCost(oneConfig, new Map([['ort-wasm', 10]]), new Map()).expectedMs).toBeCloseTo(172.5, 9);
    expect(() => sweepCost(run, new Map(), new Map())).toThrow(/no runtime p50 for ort-wasm/);
  });

  it("takes a runtime's start-up as its fresh schedule's time above its own p50, never below zero", () => {
    const timing = {
      firstMs: 240,
      samplesMs: [30, 35, 40],
      warmupRuns: 50,
      steady: true,
      activeBackend: 'wasm',
    };
    // 54 runs at the 35 ms p50 are 1890 ms; the schedule took 2700.
    expect(startUpMs({ ...timing, scheduleMs: 2700 })).toBeCloseTo(810, 9);
    expect(startUpMs({ ...timing, scheduleMs: 1800 })).toBe(0);
    // No timed runs, no pace to measure against: nothing, rather than NaN in the median.
    expect(startUpMs({ ...timing, samplesMs: [], scheduleMs: 2700 })).toBeNull();
    // The median over every primer of every repeat.
    const rows = [[900, 700], [], [800]].map((s) => ({ startUpMs: s }) as unknown as LabVsBare);
    expect(runtimeStartUp({ rows } as OverheadEstimate)).toBe(800);
  });
});

describe('the bare loop schedule', () => {
  it('warms up by the lab rule: a slow start (a wasm tier-up) is waited out, not timed', async () => {
    // Ten slow runs after the cold one, then a steady level, as ort-wasm from a cold page.
    const series = [900, ...Array<number>(10).fill(400), ...Array<number>(60).fill(100)];
    let run = 0;
    const timing = await timeSchedule(async () => series[run++], 30, 20, 'wasm');
    expect(timing.firstMs).toBe(900);
    expect(timing.steady).toBe(true);
    // The ten slow runs (4 s, past the floor) look steady; the timed runs that follow are off their
    // level, so they count as warm-up and are retaken after ten more: 10 + 20 + 10.
    expect(timing.warmupRuns).toBe(40);
    expect(timing.samplesMs).toEqual(Array<number>(20).fill(100));
  });
});
