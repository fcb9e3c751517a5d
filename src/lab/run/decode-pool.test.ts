import * as Comlink from 'comlink';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PreprocessSpec } from '../../core/model-manifest';
import { prepareInput } from '../../core/preprocess/prepare-input';
import { DecodePool, decodeWorkerCount, MIN_IMAGES_FOR_WORKERS } from './decode-pool';
import { manifest, png } from './fake-worker.test-fixture';

/**
 * Node has no Worker: this one runs the decode worker's contract (`prepareInput`) across a real
 * MessageChannel, so Comlink and the transfers are the page's. A file named `crash*` kills it instead.
 */
class ChannelWorker extends EventTarget {
  static started: ChannelWorker[] = [];
  readonly #port: MessagePort;
  terminated = false;

  constructor(
    readonly url: URL,
    readonly options: WorkerOptions,
  ) {
    super();
    ChannelWorker.started.push(this);
    const { port1, port2 } = new MessageChannel();
    this.#port = port1;
    port1.addEventListener('message', (event: MessageEvent<unknown>) => {
      if (!this.terminated) this.dispatchEvent(new MessageEvent('message', { data: event.data }));
    });
    port1.start();
    const crash = () => {
      this.dispatchEvent(
        Object.assign(new Event('error', { cancelable: true }), { message: 'out of memory' }),
      );
      return new Promise<never>(() => {});
    };
    const api = {
      prepare: (bytes: Uint8Array, fileName: string, preprocess: PreprocessSpec) =>
        fileName.startsWith('crash') ? crash() : prepareInput(bytes, fileName, preprocess),
    };
    Comlink.expose(api, port2);
  }

  postMessage(message: unknown, transfer: Transferable[] = []): void {
    if (!this.terminated) this.#port.postMessage(message, transfer);
  }

  terminate(): void {
    this.terminated = true;
    this.#port.close();
  }
}

afterEach(() => {
  vi.unstubAllGlobals();
  ChannelWorker.started = [];
});

const fileBytes = (name: string, shade: number) => png(name, shade).read();

describe('decodeWorkerCount', () => {
  it('decodes a few images on the page, and gives each worker at least four images, at most four workers', () => {
    expect(MIN_IMAGES_FOR_WORKERS).toBe(4);
    expect([1, 3].map((images) => decodeWorkerCount(images, 8, false))).toEqual([0, 0]);
    const alone = [4, 7, 8, 11, 12, 16, 200].map((images) => decodeWorkerCount(images, 8, false));
    expect(alone).toEqual([1, 1, 2, 2, 3, 4, 4]);
    expect(decodeWorkerCount(200, 2, false)).toBe(2);
    expect(decodeWorkerCount(200, 1, false)).toBe(1);
  });

  it('leaves a core to a runtime running beside it, but always has one worker', () => {
    expect([2, 4, 8].map((cores) => decodeWorkerCount(200, cores, true))).toEqual([1, 3, 4]);
    expect(decodeWorkerCount(200, 1, true)).toBe(1);
    expect(decodeWorkerCount(3, 8, true)).toBe(0);
  });
});

describe('DecodePool', () => {
  it('prepares images on its workers exactly as on this thread, and ends every worker on close', async () => {
    vi.stubGlobal('Worker', ChannelWorker);
    const pool = new DecodePool(2);
    expect(ChannelWorker.started.map((w) => [w.url.pathname.split('/').at(-1), w.options])).toEqual([
      ['decode-worker.ts', { type: 'module', name: 'decode-1' }],
      ['decode-worker.ts', { type: 'module', name: 'decode-2' }],
    ]);
    // Two calls per worker: the third and fourth wait for the first worker free.
    expect(pool.parallel).toBe(4);
    const shades = [20, 70, 120, 170];
    const prepare = (shade: number, decode: typeof prepareInput) =>
      fileBytes(`${shade}.png`, shade).then((bytes) => decode(bytes, `${shade}.png`, manifest.preprocess));
    const prepared = await Promise.all(shades.map((shade) => prepare(shade, (...a) => pool.prepare(...a))));
    const here = await Promise.all(shades.map((shade) => prepare(shade, prepareInput)));
    expect(prepared).toEqual(here);
    expect(ChannelWorker.started).toHaveLength(2);
    pool.close();
    expect(ChannelWorker.started.every((w) => w.terminated)).toBe(true);
  });

  it('a worker that dies fails its image, naming it, and a fresh worker takes the next', async () => {
    vi.stubGlobal('Worker', ChannelWorker);
    const pool = new DecodePool(1);
    await expect(
      pool.prepare(await fileBytes('crash.png', 1), 'crash.png', manifest.preprocess),
    ).rejects.toThrow('crash.png: the decode worker crashed (out of memory)');
    const next = await pool.prepare(await fileBytes('ok.png', 2), 'ok.png', manifest.preprocess);
    expect(next.decodeError).toBeNull();
    expect(ChannelWorker.started.map((w) => [w.options.name, w.terminated])).toEqual([
      ['decode-1', true],
      ['decode-2', false],
    ]);
    pool.close();
    expect(ChannelWorker.started.every((w) => w.terminated)).toBe(true);
  });
});
