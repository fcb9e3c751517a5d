import {
  summarizeMemoryMeasurement,
  unmeasured,
  type MemoryMeasurement,
} from '../../core/memory/user-agent-memory';
import type { RuntimeDetails, UserAgentMemory } from '../../core/result-schema';

/**
 * Chromium resolves the measurement at the next garbage collection, which on an idle page can be 20 s
 * away (the headless runner's Chromium measures at once, see cli/chromium.ts), and only once every worker
 * has answered: the idle threads of ORT's wasm pool sit in Atomics.wait and never do. So the lab waits
 * this long at most.
 */
export const USER_AGENT_MEMORY_WAIT_MS = 2000;

type Measure = () => Promise<MemoryMeasurement>;

/**
 * Why the browser cannot measure while this runtime is loaded, or null. onnxruntime-web's pool threads
 * block in Atomics.wait between inferences and never answer (every threaded ORT configuration timed out,
 * in every run and with the headless runner's eager measurement): waiting would only add the wait.
 */
export function unmeasurableRuntime(runtime: RuntimeDetails | null): string | null {
  if (runtime?.library !== 'onnxruntime-web' || (runtime.threads ?? 1) < 2) return null;
  return `onnxruntime-web's ${runtime.threads} wasm threads wait in Atomics.wait and never answer the browser's measurement: not asked`;
}

/** The page's memory, workers included, as the browser measures it; never throws, never waits past `waitMs`. */
export async function measureUserAgentMemory(waitMs = USER_AGENT_MEMORY_WAIT_MS): Promise<UserAgentMemory> {
  const measure = (performance as Performance & { measureUserAgentSpecificMemory?: Measure })
    .measureUserAgentSpecificMemory;
  if (typeof measure !== 'function') {
    return unmeasured(
      'unavailable',
      globalThis.crossOriginIsolated
        ? 'this browser has no performance.measureUserAgentSpecificMemory'
        : 'performance.measureUserAgentSpecificMemory needs cross-origin isolation',
    );
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), waitMs)));
  try {
    const measurement = await Promise.race([measure.call(performance), late]);
    return measurement
      ? summarizeMemoryMeasurement(measurement)
      : unmeasured(
          'timed-out',
          `no measurement within ${waitMs} ms: the browser measures at its next garbage collection and waits for every worker, and a wasm thread blocked waiting for work never answers`,
        );
  } catch (error) {
    return unmeasured('failed', error instanceof Error ? error.message : String(error));
  } finally {
    clearTimeout(timer);
  }
}
