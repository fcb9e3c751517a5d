import { describe, expect, it } from 'vitest';
import { userAgentMemorySchema } from '../result-schema';
import { summarizeMemoryMeasurement, unmeasured, type MemoryMeasurement } from './user-agent-memory';

// The shape Chromium 156 resolved to for a cross-origin-isolated page with one dedicated worker.
const measurement: MemoryMeasurement = {
  bytes: 100_734_257,
  breakdown: [
    { attribution: [], bytes: 0, types: [] },
    { attribution: [], bytes: 25_496, types: ['DOM'] },
    { attribution: [{ scope: 'Window', url: 'http://127.0.0.1/' }], bytes: 225_620, types: ['JavaScript'] },
    {
      attribution: [
        { scope: 'DedicatedWorkerGlobalScope', url: 'http://127.0.0.1/assets/runtime-worker.js' },
      ],
      bytes: 100_281_250,
      types: ['JavaScript'],
    },
    { attribution: [], bytes: 201_891, types: ['Shared'] },
  ],
};

describe('summarizeMemoryMeasurement', () => {
  it('keeps the total, the dedicated workers share and the bytes by source, largest first', () => {
    const summary = summarizeMemoryMeasurement(measurement);
    expect(summary).toEqual({
      status: 'measured',
      reason: null,
      totalBytes: 100_734_257,
      workerBytes: 100_281_250,
      breakdown: [
        { source: 'DedicatedWorkerGlobalScope JavaScript', bytes: 100_281_250 },
        { source: 'Window JavaScript', bytes: 225_620 },
        { source: 'unattributed Shared', bytes: 201_891 },
        { source: 'unattributed DOM', bytes: 25_496 },
      ],
    });
    expect(userAgentMemorySchema.parse(summary)).toEqual(summary);
  });

  it('adds up a worker and the threads it started, which share its scope', () => {
    const thread = {
      attribution: [
        { scope: 'DedicatedWorkerGlobalScope', url: 'http://127.0.0.1/ort-wasm-simd-threaded.mjs' },
      ],
      bytes: 1_000,
      types: ['JavaScript'],
    };
    const summary = summarizeMemoryMeasurement({
      bytes: measurement.bytes + 2_000,
      breakdown: [...measurement.breakdown, thread, thread],
    });
    expect(summary.workerBytes).toBe(100_283_250);
    expect(summary.breakdown[0]).toEqual({
      source: 'DedicatedWorkerGlobalScope JavaScript',
      bytes: 100_283_250,
    });
  });

  it('caps the breakdown at what the schema keeps', () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ attribution: [], bytes: i + 1, types: [`t${i}`] }));
    const summary = summarizeMemoryMeasurement({ bytes: 820, breakdown: many });
    expect(summary.breakdown).toHaveLength(32);
    expect(summary.workerBytes).toBe(0);
    expect(userAgentMemorySchema.safeParse(summary).success).toBe(true);
  });
});

describe('unmeasured', () => {
  it('says why, as text the record can keep', () => {
    const memory = unmeasured('failed', 'SecurityError: <not isolated>');
    expect(memory).toMatchObject({ status: 'failed', totalBytes: null, workerBytes: null, breakdown: [] });
    expect(userAgentMemorySchema.parse(memory).reason).toBe('SecurityError: not isolated');
  });
});
