import type { BareLoopTiming } from './bare-loop-protocol';

/**
 * The same schedule as the lab's timeLane: one cold inference, `warmupRuns` discarded, then `timedRuns`
 * kept. `inferOnce` times its own create-input → run → read-back and returns milliseconds, so freeing
 * tensors afterwards stays outside the sample, as in the adapters.
 */
export async function timeSchedule(
  inferOnce: () => Promise<number>,
  warmupRuns: number,
  timedRuns: number,
  activeBackend: string,
): Promise<BareLoopTiming> {
  const firstMs = await inferOnce();
  for (let i = 0; i < warmupRuns; i++) await inferOnce();
  const samplesMs: number[] = [];
  for (let i = 0; i < timedRuns; i++) samplesMs.push(await inferOnce());
  return { firstMs, samplesMs, activeBackend };
}

/** Threads as the adapters ask for them: several only where SharedArrayBuffer exists (cross-origin isolation). */
export function wasmThreads(): number {
  return self.crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency || 1) : 1;
}
