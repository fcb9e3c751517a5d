import { describe, expect, it } from 'vitest';
import type { PreprocessSpec } from '../../core/model-manifest';
import { prepareInput, type PreparedInput } from '../../core/preprocess/prepare-input';
import type { ImageSource } from '../images/image-sources';
import { manifest, png } from './fake-worker.test-fixture';
import { inThreadDecoder, type InputDecoder } from './input-decoder';
import { InputStore } from './input-store';

const shades = [10, 60, 110, 160, 210, 250];
const sources: ImageSource[] = [
  ...shades.map((shade) => png(`${shade}.png`, shade)),
  { name: 'bad.png', read: async () => new Uint8Array(3) },
  { name: 'unreadable.png', read: () => Promise.reject(new Error('unreadable.png: HTTP 404')) },
];

/**
 * A decoder that runs `parallel` images at once and answers them in reverse order of arrival within
 * each batch, as workers of unequal speed would; it records what InputStore asked of it. `images`: how
 * many files will reach it.
 */
function outOfOrderDecoder(parallel: number, images: number) {
  const log = { opened: [] as number[], inFlight: 0, mostInFlight: 0, closed: 0, names: [] as string[] };
  const open = (imageCount: number): InputDecoder => {
    log.opened.push(imageCount);
    let waiting: (() => void)[] = [];
    return {
      parallel,
      async prepare(bytes: Uint8Array, fileName: string, preprocess: PreprocessSpec): Promise<PreparedInput> {
        log.names.push(fileName);
        log.mostInFlight = Math.max(log.mostInFlight, ++log.inFlight);
        // Held until the batch is full (or the last of `images` arrived), then released last-in first-out.
        await new Promise<void>((resolve) => {
          waiting.push(resolve);
          if (waiting.length === parallel || log.names.length === images) {
            const batch = waiting.reverse();
            waiting = [];
            batch.forEach((release, i) => setTimeout(release, i));
          }
        });
        log.inFlight--;
        return prepareInput(bytes, fileName, preprocess);
      },
      close: () => void log.closed++,
    };
  };
  return { open, log };
}

describe('InputStore', () => {
  it('prepares through the decoder it is given, keeps image order, and closes it before it returns', async () => {
    const inThread = await new InputStore(sources, manifest.preprocess).prepareAll();
    const { open, log } = outOfOrderDecoder(3, sources.length - 1);
    const store = new InputStore(sources, manifest.preprocess, undefined, open);
    const images = await store.prepareAll();
    expect(log.opened).toEqual([sources.length]);
    // The unreadable file never reaches the decoder.
    expect(log.names.sort()).toEqual(
      sources
        .slice(0, -1)
        .map((s) => s.name)
        .sort(),
    );
    expect(log.mostInFlight).toBe(3);
    expect(log.closed).toBe(1);
    // The same record as decoding one by one on this thread: names, hashes, sizes and errors in order.
    expect(images).toEqual(inThread);
    expect(images.map((i) => i.name)).toEqual(sources.map((s) => s.name));
    expect(images.at(-2)?.decodeError).toMatch(/^bad\.png: not a JPEG or PNG/);
    expect(images.at(-2)?.fileSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(images.at(-1)).toMatchObject({ fileSha256: null, decodeError: 'unreadable.png: HTTP 404' });
    expect(store.firstDecoded).toBe(0);
  });

  it('prepares on this thread up to the first image that decodes, and the rest with the decoder, in order', async () => {
    const { open, log } = outOfOrderDecoder(2, 5);
    const besides: boolean[] = [];
    const seen: number[] = [];
    const tail = [sources[6], ...sources.slice(0, 5)]; // bad.png first
    const store = new InputStore(
      tail,
      manifest.preprocess,
      undefined,
      (count, besideRuntime) => (besides.push(besideRuntime), open(count)),
      (index) => void seen.push(index),
    );
    expect(await store.prepareFirst()).toBe(1);
    expect(store.images.map((i) => i.name)).toEqual(['bad.png', '10.png']);
    expect(log.opened).toEqual([]);
    await expect(store.image(2)).rejects.toThrow(/not being prepared/);
    store.decodeRest(true);
    // Waits for the image, which comes only after the ones before it.
    expect((await store.image(4)).name).toBe('160.png');
    expect(seen.slice(0, 5)).toEqual([0, 1, 2, 3, 4]);
    expect(await store.prepareAll()).toHaveLength(6);
    expect(log.opened).toEqual([4]);
    expect(besides).toEqual([true]);
    expect(log.names.sort()).toEqual(['110.png', '160.png', '210.png', '60.png']);
    expect(log.closed).toBe(1);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('keeps the decoding at most `parallel` images past the furthest image asked for', async () => {
    const names: string[] = [];
    const counting = (): InputDecoder => ({
      parallel: 2,
      prepare: (bytes, fileName, preprocess) => (
        names.push(fileName),
        prepareInput(bytes, fileName, preprocess)
      ),
      close: () => {},
    });
    const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
    const store = new InputStore(sources.slice(0, 6), manifest.preprocess, undefined, counting);
    await store.prepareFirst();
    store.decodeRest(true);
    await settle();
    // Nothing asked for yet: images below 0 + 2 only (image 0 was the first, decoded on this thread).
    expect(names).toEqual(['60.png']);
    // Image 2 asked for: images below 3 + 2.
    await store.image(2);
    await settle();
    expect(names).toEqual(['60.png', '110.png', '160.png', '210.png']);
    expect(await store.prepareAll()).toHaveLength(6);
    expect(names).toHaveLength(5);
  });

  it('stops decoding at an image the run refuses, failing whoever waits for it or a later one', async () => {
    const { open, log } = outOfOrderDecoder(2, 5);
    const refuse = (index: number) => {
      if (index === 3) throw new Error('cannot resume: 160.png is not the input the run started with');
    };
    const store = new InputStore(sources.slice(0, 6), manifest.preprocess, undefined, open, refuse);
    expect(await store.prepareFirst()).toBe(0);
    store.decodeRest(false);
    await expect(store.tensor(5)).rejects.toThrow(/160\.png is not the input/);
    await expect(store.prepareAll()).rejects.toThrow(/160\.png is not the input/);
    expect(store.images).toHaveLength(3);
    expect(log.closed).toBe(1);
  });

  it('a decoder that fails one image (a crashed worker) fails only that one, and is still closed', async () => {
    let closed = 0;
    const crashing: InputDecoder = {
      parallel: 2,
      prepare: (bytes, fileName, preprocess) =>
        fileName === '60.png'
          ? Promise.reject(new Error('60.png: the decode worker crashed (out of memory)'))
          : inThreadDecoder.prepare(bytes, fileName, preprocess),
      close: () => void closed++,
    };
    const store = new InputStore(sources.slice(0, 3), manifest.preprocess, undefined, () => crashing);
    const images = await store.prepareAll();
    expect(closed).toBe(1);
    expect(images.map((i) => i.decodeError)).toEqual([
      null,
      '60.png: the decode worker crashed (out of memory)',
      null,
    ]);
    expect(images[1].fileSha256).toBeNull();
  });

  it('re-derives on this thread an input past the memory budget, after the decoder is closed', async () => {
    const { open, log } = outOfOrderDecoder(2, 4);
    // A budget of one tensor: the rest are decoded again when asked for.
    const one = 224 * 224 * 3 * 4;
    const store = new InputStore(sources.slice(0, 4), manifest.preprocess, one, open);
    const images = await store.prepareAll();
    const calls = log.names.length;
    const again = await store.tensor(3);
    expect(log.names).toHaveLength(calls);
    expect(again?.data.byteLength).toBe(one);
    expect(images[3].inputSha256).not.toBeNull();
  });
});
