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
  return { newPage: async () => page as unknown as Page } as unknown as Browser;
}

const options = {
  modelId: 'nsfw-mobilenet-v2',
  configId: 'ort-wasm',
  limit: 1,
  warmupRuns: 5,
  timedRuns: 3,
  timeoutMs: 1000,
};

describe('labVsBare', () => {
  // The first loop in a fresh page pays the wasm tier-up; without the primer the lab, always first, paid it.
  it('primes the page with a discarded bare loop before the lab, then times the bare loop after it', async () => {
    const calls: string[] = [];
    const row = await labVsBare(fakeBrowser(calls), 'http://127.0.0.1:1/bench/bare-loop.html', {
      ...options,
      settle: async () => (calls.push('settle'), { waitedMs: 1000, settled: true }),
    });
    expect(calls).toEqual(['goto', 'bare', 'settle', 'lab', 'settle', 'bare']);
    expect(row.bareSamplesMs).toEqual([1, 1, 1]);
    expect(row.notes).toEqual([]);
  });

  it('notes a side that started while the browser was still busy', async () => {
    let waits = 0;
    const row = await labVsBare(fakeBrowser([]), 'http://127.0.0.1:1/bench/bare-loop.html', {
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
