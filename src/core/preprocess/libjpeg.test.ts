import type * as EmscriptenUtils from '@jsquash/jpeg/utils.js';
import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.doUnmock('@jsquash/jpeg/utils.js');
  vi.resetModules();
});

describe('decodeWithLibjpeg', () => {
  it('says the decoder did not load, not that the file is bad, and tries again for the next image', async () => {
    const actual = await vi.importActual<typeof EmscriptenUtils>('@jsquash/jpeg/utils.js');
    let attempts = 0;
    vi.doMock('@jsquash/jpeg/utils.js', () => ({
      initEmscriptenModule: (...args: Parameters<typeof actual.initEmscriptenModule>) =>
        ++attempts === 1 ? Promise.reject(new Error('fetch failed')) : actual.initEmscriptenModule(...args),
    }));
    const { decodeImage } = await import('./decode-image');
    const { encode } = await import('jpeg-js');
    const jpeg = new Uint8Array(
      encode({ width: 8, height: 8, data: new Uint8Array(256).fill(200) }, 90).data,
    );

    await expect(decodeImage(jpeg, 'first.jpg')).rejects.toThrow(
      /^first\.jpg: not decoded: the JPEG decoder \(libjpeg-turbo wasm\) did not load: fetch failed$/,
    );
    expect((await decodeImage(jpeg, 'second.jpg')).width).toBe(8);
    expect(attempts).toBe(2);
  });

  it('gives the file after a trapped decode a fresh decoder', async () => {
    const actual = await vi.importActual<typeof EmscriptenUtils>('@jsquash/jpeg/utils.js');
    let instances = 0;
    vi.doMock('@jsquash/jpeg/utils.js', () => ({
      initEmscriptenModule: async (...args: Parameters<typeof actual.initEmscriptenModule>) => {
        const module: unknown = await actual.initEmscriptenModule(...args);
        // The first instance traps as wasm does out of memory, and stays broken after.
        const trap = () => {
          throw new Error('memory access out of bounds');
        };
        if (++instances === 1) Object.assign(module as object, { decode: trap });
        return module;
      },
    }));
    const { decodeImage } = await import('./decode-image');
    const { encode } = await import('jpeg-js');
    const jpeg = new Uint8Array(encode({ width: 8, height: 8, data: new Uint8Array(256).fill(90) }, 90).data);

    await expect(decodeImage(jpeg, 'trapped.jpg')).rejects.toThrow(
      /^trapped\.jpg: .*memory access out of bounds/,
    );
    expect((await decodeImage(jpeg, 'next.jpg')).width).toBe(8);
    expect(instances).toBe(2);
  });
});
