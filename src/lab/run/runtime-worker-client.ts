import * as Comlink from 'comlink';
import type { ConfigId } from '../../adapters/configurations';
import type { RuntimeWorkerApi } from '../../../workers/runtime-worker';

/** The worker stopped answering within the time limit and was terminated. */
export class WorkerTimeoutError extends Error {
  override name = 'WorkerTimeoutError';
}
/** The worker died (uncaught error, out of memory, lost GPU process). */
export class WorkerCrashError extends Error {
  override name = 'WorkerCrashError';
}

/**
 * Owns one runtime worker. Every call is raced against a time limit and against the worker dying;
 * either ends the worker for good, so a hung runtime cannot hold the lab.
 */
export class RuntimeWorkerClient {
  readonly #worker: Worker;
  readonly #remote: Comlink.Remote<RuntimeWorkerApi>;
  readonly #died: Promise<never>;
  #dead: Error | null = null;
  #terminated = false;

  constructor(readonly configId: ConfigId) {
    this.#worker = new Worker(new URL('../../../workers/runtime-worker.ts', import.meta.url), {
      type: 'module',
      name: configId,
    });
    this.#remote = Comlink.wrap<RuntimeWorkerApi>(this.#worker);
    this.#died = new Promise<never>((_, reject) => {
      this.#worker.addEventListener('error', (event) => {
        event.preventDefault();
        this.#dead = new WorkerCrashError(`${configId} worker crashed: ${event.message || 'no message'}`);
        this.terminate();
        reject(this.#dead);
      });
    });
    this.#died.catch(() => {});
  }

  get alive(): boolean {
    return this.#dead === null;
  }

  async call<T>(step: string, timeoutMs: number, run: (remote: Comlink.Remote<RuntimeWorkerApi>) => Promise<T>) {
    if (this.#dead) throw this.#dead;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.#dead = new WorkerTimeoutError(`${this.configId}: ${step} did not finish within ${timeoutMs} ms`);
        this.terminate();
        reject(this.#dead);
      }, timeoutMs);
    });
    try {
      return await Promise.race([run(this.#remote), timeout, this.#died]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Safe to call more than once: a timeout, a crash and the lab's clean-up may all end the same worker. */
  terminate(): void {
    if (this.#terminated) return;
    this.#terminated = true;
    this.#dead ??= new WorkerCrashError(`${this.configId} worker was stopped`);
    this.#remote[Comlink.releaseProxy]();
    this.#worker.terminate();
  }
}
