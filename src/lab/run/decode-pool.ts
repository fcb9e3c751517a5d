import * as Comlink from 'comlink';
import type { PreprocessSpec } from '../../core/model-manifest';
import type { PreparedInput } from '../../core/preprocess/prepare-input';
import type { DecodeWorkerApi } from '../../../workers/decode-worker';
import { inThreadDecoder, type InputDecoder, type OpenDecoder } from './input-decoder';

/**
 * Fewer images than this are decoded on the page. Starting a module worker (fetch, parse and compile the
 * decoder chunk, then the first call) costs about as much as decoding a few ImageNet JPEGs; past that, a
 * worker keeps the page's own thread free to feed the runtime the images decode beside.
 */
export const MIN_IMAGES_FOR_WORKERS = 4;
/** Each worker gets at least this many images of its own, for the same reason. */
const IMAGES_PER_WORKER = 4;
/** Past a few decoders the page's reads and the transfers are the limit, and each worker holds memory. */
const MAX_WORKERS = 4;

/**
 * How many decode workers prepare `imageCount` images on `cores` cores; 0: decode on the page. Beside a
 * runtime running its images (`besideRuntime`), one core is left to it: on 2 cores a single worker,
 * which still decodes an ImageNet sample several times faster than a CPU runtime infers one.
 */
export function decodeWorkerCount(imageCount: number, cores: number, besideRuntime: boolean): number {
  if (imageCount < MIN_IMAGES_FOR_WORKERS) return 0;
  const free = besideRuntime ? cores - 1 : cores;
  return Math.max(1, Math.min(free, MAX_WORKERS, Math.floor(imageCount / IMAGES_PER_WORKER)));
}

/** The page's decoder: a pool of workers for enough images, else the page's own thread. */
export const openPageDecoder: OpenDecoder = (imageCount, besideRuntime) => {
  const workers = decodeWorkerCount(imageCount, navigator.hardwareConcurrency || 1, besideRuntime);
  return workers > 0 ? new DecodePool(workers) : inThreadDecoder;
};

/** One decode worker; a call in flight when it dies rejects instead of waiting for ever. */
class DecodeWorker {
  readonly #worker: Worker;
  readonly #remote: Comlink.Remote<DecodeWorkerApi>;
  readonly #crashed: Promise<never>;

  constructor(name: string) {
    this.#worker = new Worker(new URL('../../../workers/decode-worker.ts', import.meta.url), {
      type: 'module',
      name,
    });
    this.#remote = Comlink.wrap<DecodeWorkerApi>(this.#worker);
    this.#crashed = new Promise<never>((_, reject) =>
      this.#worker.addEventListener('error', (event) => {
        event.preventDefault();
        reject(new Error(`the decode worker crashed (${event.message || 'no message'})`));
      }),
    );
    this.#crashed.catch(() => {});
  }

  prepare(bytes: Uint8Array, fileName: string, preprocess: PreprocessSpec): Promise<PreparedInput> {
    // Read on the page for this call alone: its buffer moves to the worker rather than being copied.
    const moved = bytes.buffer instanceof ArrayBuffer ? Comlink.transfer(bytes, [bytes.buffer]) : bytes;
    return Promise.race([this.#remote.prepare(moved, fileName, preprocess), this.#crashed]);
  }

  terminate(): void {
    this.#remote[Comlink.releaseProxy]();
    this.#worker.terminate();
  }
}

/**
 * Decodes a run's images on `workers` dedicated workers, each taking the next image as it finishes one.
 * It takes two calls per worker: while a worker decodes one file, the page reads the next, which waits
 * here for the first worker free. A worker that crashes (a huge image out of memory) fails that image,
 * naming it, and a fresh one takes its place for the rest.
 */
export class DecodePool implements InputDecoder {
  readonly parallel: number;
  readonly #idle: DecodeWorker[] = [];
  readonly #waiting: ((worker: DecodeWorker) => void)[] = [];
  readonly #all = new Set<DecodeWorker>();
  #started = 0;

  constructor(workers: number) {
    this.parallel = 2 * workers;
    for (let i = 0; i < workers; i++) this.#idle.push(this.#start());
  }

  async prepare(bytes: Uint8Array, fileName: string, preprocess: PreprocessSpec): Promise<PreparedInput> {
    let worker = this.#idle.pop() ?? (await new Promise<DecodeWorker>((take) => this.#waiting.push(take)));
    try {
      return await worker.prepare(bytes, fileName, preprocess);
    } catch (error) {
      this.#end(worker);
      worker = this.#start();
      throw new Error(`${fileName}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      const next = this.#waiting.shift();
      if (next) next(worker);
      else this.#idle.push(worker);
    }
  }

  close(): void {
    for (const worker of this.#all) this.#end(worker);
    this.#idle.length = 0;
  }

  #start(): DecodeWorker {
    const worker = new DecodeWorker(`decode-${++this.#started}`);
    this.#all.add(worker);
    return worker;
  }

  #end(worker: DecodeWorker): void {
    worker.terminate();
    this.#all.delete(worker);
  }
}
