import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { validRunResult } from '../src/core/result-schema.test-fixture';
import type { BareLoopPageReply } from './bare-loop-protocol';
import { labVsBare } from './lab-vs-bare';

/** A page that answers the lab with a valid record and the bare loop with fixed samples, noting the order. */
function fakeBrowser(calls: string[]): Browser {
  const reply: BareLoopPageReply = {
    ok: true,
    firstMs: 9,
    // Cold 9 ms, ten warm-up runs of 1.5 ms, three timed at 1 ms: 27 ms, 13 above 14 runs at the 1 ms p50.
    scheduleMs: 27,
    samplesMs: [1, 1, 1],
    warmupRuns: 10,
    steady: true,
    activeBackend: 'wasm',
    inputSha256: null,
  };
  const page = {
    setDefaultTimeout: () => {},
    exposeFunction: async () => {},
    on: () => page,
    goto: async () => {
      calls.push('goto');
      return null;
    },
    waitForFunction: async () => null,
    evaluate: async (_fn: unknown, arg: object) => {
      calls.push('o' in arg ? 'lab' : 'bare');
      return 'o' in arg ? validRunResult() : reply;
    },
    close: async () => {},
  };
  return {
    newPage: async () => (calls.push('browser'), page as unknown as Page),
    close: async () => {},
  } as unknown as Browser;
}

const options = {
  modelId: 'nsfw-mobilenet-v2',
  configId: 'ort-wasm',
  limit: 1,
  warmupRuns: 5,
  timedRuns: 3,
  timeoutMs: 1000,
};

/** The calls the fake browsers saw, and the row; the browser settles at once. */
async function timedInOrder(bareFirst: boolean) {
  const calls: string[] = [];
  const row = await labVsBare(async () => fakeBrowser(calls), 'http://127.0.0.1:1/bench/bare-loop.html', {
    ...options,
    bareFirst,
    settle: async () => (calls.push('settle'), { waitedMs: 1000, settled: true }),
  });
  return { calls, row };
}

/** One side: a fresh browser, the bench page, the discarded bare loop, a settle, then the timed loop. */
const side = (timed: 'lab' | 'bare') => ['browser', 'goto', 'bare', 'settle', timed];

describe('labVsBare', () => {
  // Sharing a tab or a browser made the figure one of position: in one tab (primer, lab, bare) the bare
  // loop, always third, ran slower; in two tabs of one browser, whichever side went first was faster.
  it('times each side in a browser of its own, after a discarded bare loop and a settle', async () => {
    const { calls, row } = await timedInOrder(false);
    expect(calls).toEqual([...side('lab'), ...side('bare')]);
    expect(row.bareSamplesMs).toEqual([1, 1, 1]);
    expect(row.notes).toEqual([]);
    // Each side's primer was a fresh runtime's whole start, kept for the sweep; the timed loops are not.
    expect(row.startUpMs).toEqual([13, 13]);
  });

  it('times the bare loop first when asked', async () => {
    expect((await timedInOrder(true)).calls).toEqual([...side('bare'), ...side('lab')]);
  });

  it('notes a side that started while the browser was still busy', async () => {
    let waits = 0;
    const row = await labVsBare(async () => fakeBrowser([]), 'http://127.0.0.1:1/bench/bare-loop.html', {
      ...options,
      settle: async () =>
        ++waits === 1 ? { waitedMs: 60_000, settled: false } : { waitedMs: 31_000, settled: true },
    });
    expect(row.notes).toEqual([
      'the browser was still busy after 60 s; the lab started anyway',
      'waited 31 s for the browser to go idle before the bare loop',
    ]);
  });
});
