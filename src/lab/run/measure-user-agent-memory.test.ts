import { afterEach, describe, expect, it, vi } from 'vitest';
import { measureUserAgentMemory } from './measure-user-agent-memory';

/** Node has no measureUserAgentSpecificMemory: each test gives `performance` the one it needs. */
function giveMeasure(measure: () => Promise<unknown>): void {
  Object.defineProperty(performance, 'measureUserAgentSpecificMemory', {
    value: measure,
    configurable: true,
  });
}

afterEach(() => {
  Reflect.deleteProperty(performance, 'measureUserAgentSpecificMemory');
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('measureUserAgentMemory', () => {
  it('is unavailable without the API, naming cross-origin isolation when that is what is missing', async () => {
    vi.stubGlobal('crossOriginIsolated', false);
    expect(await measureUserAgentMemory()).toMatchObject({
      status: 'unavailable',
      reason: 'performance.measureUserAgentSpecificMemory needs cross-origin isolation',
    });
    vi.stubGlobal('crossOriginIsolated', true);
    expect((await measureUserAgentMemory()).reason).toBe(
      'this browser has no performance.measureUserAgentSpecificMemory',
    );
  });

  it('summarizes what the browser measured', async () => {
    const worker = { scope: 'DedicatedWorkerGlobalScope', url: 'http://127.0.0.1/w.js' };
    giveMeasure(async () => ({
      bytes: 10,
      breakdown: [{ attribution: [worker], bytes: 8, types: ['JavaScript'] }],
    }));
    expect(await measureUserAgentMemory()).toMatchObject({
      status: 'measured',
      totalBytes: 10,
      workerBytes: 8,
    });
  });

  it('stops waiting for a measurement that waits on a garbage collection, and says so', async () => {
    vi.useFakeTimers();
    giveMeasure(() => new Promise(() => {}));
    const pending = measureUserAgentMemory(2000);
    await vi.advanceTimersByTimeAsync(2000);
    const memory = await pending;
    expect(memory).toMatchObject({ status: 'timed-out', totalBytes: null });
    expect(memory.reason).toMatch(/^no measurement within 2000 ms: the browser measures at its next garbage/);
  });

  it('records a refusal as failed, with the browser message', async () => {
    giveMeasure(() => Promise.reject(new DOMException('not allowed', 'SecurityError')));
    expect(await measureUserAgentMemory()).toMatchObject({ status: 'failed', reason: 'not allowed' });
  });
});
