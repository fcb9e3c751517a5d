import { readCpu, type CpuReading } from './other-cpu';

export interface Settled {
  waitedMs: number;
  /** False when the browser was still busy at `maxMs`. */
  settled: boolean;
}

export interface SettleOptions {
  /** Idle means the bench's processes used fewer cores than this over one window. */
  idleCores?: number;
  windowMs?: number;
  maxMs?: number;
  read?: () => CpuReading | null;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Waits until the bench's own processes (Node and its browser) are idle before a timed loop starts. V8
 * goes on compiling a runtime's wasm with TurboFan on background threads after the worker that loaded it
 * has ended — seen here for up to 30 s on both cores after an ORT loop — and a loop started meanwhile
 * shares the cores with that compile. Without /proc it cannot tell, and does not wait.
 */
export async function settle(options: SettleOptions = {}): Promise<Settled> {
  const {
    idleCores = 0.15,
    windowMs = 1000,
    maxMs = 60_000,
    read = () => readCpu(),
    sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
  } = options;
  let before = read();
  if (!before) return { waitedMs: 0, settled: true };
  let waitedMs = 0;
  while (waitedMs < maxMs) {
    await sleep(windowMs);
    waitedMs += windowMs;
    const after = read();
    if (!after) return { waitedMs, settled: true };
    const cores = (after.oursSeconds - before.oursSeconds) / ((after.atMs - before.atMs) / 1000);
    if (cores < idleCores) return { waitedMs, settled: true };
    before = after;
  }
  return { waitedMs, settled: false };
}
