import { timeLoop, warmupFloorMs } from '../src/core/stats/steady-state';
import type { BareLoopTiming } from './bare-loop-protocol';

/**
 * The lab's schedule: one cold inference, then the lab's own `timeLoop` (warm-up until steady, at most
 * `warmupCap` runs or, under the lab's time floor, more; then `timedRuns` kept). Both sides warm up by one rule, so a slow start (a wasm
 * tier-up) is waited out on both or on neither. `inferOnce` times its own create-input → run →
 * read-back and returns milliseconds, so freeing tensors afterwards stays outside the sample, as in the
 * adapters.
 */
export async function timeSchedule(
  inferOnce: () => Promise<number>,
  warmupCap: number,
  timedRuns: number,
  activeBackend: string,
): Promise<BareLoopTiming> {
  const started = performance.now();
  const firstMs = await inferOnce();
  const loop = await timeLoop(inferOnce, { warmupCap, timedRuns, warmupMinMs: warmupFloorMs(warmupCap) });
  return {
    firstMs,
    scheduleMs: performance.now() - started,
    samplesMs: loop.samplesMs,
    warmupRuns: loop.warmupRuns,
    steady: loop.steady,
    activeBackend,
  };
}

/** Threads as the TF.js adapter asks for them: several only where SharedArrayBuffer exists (cross-origin isolation). */
export function wasmThreads(): number {
  return self.crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency || 1) : 1;
}
