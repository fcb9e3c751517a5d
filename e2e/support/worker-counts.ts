import type { Page } from '@playwright/test';

export interface WorkerCount {
  started: number;
  /** Constructed and not yet terminated by the page. */
  alive: number;
  /** The most alive at once. */
  most: number;
}

export interface WorkerCounts {
  runtime: WorkerCount;
  decode: WorkerCount;
  /**
   * The most decode workers alive when a runtime worker was asked to load a model or to run its timing
   * loop (a Comlink call to `load` or `timeLoop`): both are measured. (The first runtime worker starts
   * its runtime earlier, while the first image decodes; the rest decode beside its images.)
   */
  decodeAliveAtModelLoad: number;
  decodeAliveAtTiming: number;
  /** Model loads asked of runtime workers: shows the count above saw them. */
  modelLoads: number;
}

/**
 * Counts the lab's dedicated workers by their script (`runtime-worker`, `decode-worker`) from the page's
 * side: constructed, until the lab terminates them. (The browser tears a terminated worker's thread down
 * asynchronously, so its own target list can briefly show the next worker beside the one being torn
 * down.) Installed before the page's scripts; counts start again on every navigation.
 */
export async function countWorkers(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const empty = () => ({ started: 0, alive: 0, most: 0 });
    const counts = {
      runtime: empty(),
      decode: empty(),
      decodeAliveAtModelLoad: 0,
      decodeAliveAtTiming: 0,
      modelLoads: 0,
    };
    Object.assign(window, { crosscheckWorkerCounts: counts });
    const NativeWorker = window.Worker;
    window.Worker = class extends NativeWorker {
      #count: { started: number; alive: number; most: number } | null = null;
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        const script = String(url);
        this.#count = script.includes('runtime-worker')
          ? counts.runtime
          : script.includes('decode-worker')
            ? counts.decode
            : null;
        if (!this.#count) return;
        this.#count.started++;
        this.#count.most = Math.max(this.#count.most, ++this.#count.alive);
      }
      override postMessage(message: unknown, transfer?: Transferable[] | StructuredSerializeOptions): void {
        const call = message as { type?: string; path?: string[] } | null;
        const method = this.#count === counts.runtime && call?.type === 'APPLY' ? call.path?.[0] : null;
        if (method === 'load') {
          counts.modelLoads++;
          counts.decodeAliveAtModelLoad = Math.max(counts.decodeAliveAtModelLoad, counts.decode.alive);
        }
        if (method === 'timeLoop') {
          counts.decodeAliveAtTiming = Math.max(counts.decodeAliveAtTiming, counts.decode.alive);
        }
        super.postMessage(message, transfer as Transferable[]);
      }
      override terminate(): void {
        if (this.#count) this.#count.alive--;
        this.#count = null;
        super.terminate();
      }
    };
  });
}

export async function workerCounts(page: Page): Promise<WorkerCounts> {
  return page.evaluate(
    () => (window as unknown as { crosscheckWorkerCounts: WorkerCounts }).crosscheckWorkerCounts,
  );
}
