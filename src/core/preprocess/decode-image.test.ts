import fs from 'node:fs';
import path from 'node:path';
import { encode as encodePng } from 'fast-png';
import type { ImageData as PngImageData } from 'fast-png';
import { encode as encodeJpeg } from 'jpeg-js';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { requireData, sharedPath } from '../../../test-support/test-data';
import { decodeImage, ImageDecodeError } from './decode-image';
import { sha256Hex } from './sha256';

const samplesDir = sharedPath('data/imagenet-samples');
const haveSamples = requireData(samplesDir, 'the shared ImageNet samples');
const TENCH_RGB_SHA256 = 'a0d0bb4d86c3953a8f27b39d488a272e6766a68c616b034d56121b4d930580bd';

/** Smooth RGBA test pattern (JPEG-friendly) with distinct channels. */
function pattern(width: number, height: number): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      data[i] = Math.round((x / (width - 1)) * 255);
      data[i + 1] = Math.round((y / (height - 1)) * 255);
      data[i + 2] = 128 + Math.round(Math.sin(x / 5) * 60);
      data[i + 3] = 255;
    }
  }
  return data;
}

function jpegOf(rgba: Uint8Array, width: number, height: number, quality = 95): Uint8Array {
  return new Uint8Array(encodeJpeg({ width, height, data: rgba }, quality).data);
}

async function errorOf(fn: () => Promise<unknown>): Promise<ImageDecodeError> {
  try {
    await fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ImageDecodeError);
    return error as ImageDecodeError;
  }
  throw new Error('expected an ImageDecodeError, got a result');
}

async function expectRefused(bytes: Uint8Array, fileName: string, problem: RegExp): Promise<void> {
  const error = await errorOf(() => decodeImage(bytes, fileName));
  expect(error.fileName).toBe(fileName);
  expect(error.name).toBe('ImageDecodeError');
  expect(error.message.startsWith(`${fileName}: `)).toBe(true);
  expect(error.message).toMatch(problem);
}

/** Offset of the first SOF marker's segment, found by walking the segments. */
function sofOffset(jpeg: Uint8Array): number {
  let offset = 2;
  while (offset < jpeg.length) {
    const marker = jpeg[offset + 1];
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
      return offset;
    offset += 2 + ((jpeg[offset + 2] << 8) | jpeg[offset + 3]);
  }
  throw new Error('no SOF');
}

function channelsEqual(data: Uint8Array): boolean {
  for (let i = 0; i < data.length; i += 3) {
    if (data[i] !== data[i + 1] || data[i] !== data[i + 2]) return false;
  }
  return true;
}

/** RGB reference decode with pngjs (independent of fast-png), for bit depths up to 8. */
function pngjsRgb(bytes: Uint8Array): Uint8Array {
  const png = PNG.sync.read(Buffer.from(bytes));
  const rgb = new Uint8Array(png.width * png.height * 3);
  for (let i = 0, o = 0; o < rgb.length; i += 4, o += 3) {
    rgb[o] = png.data[i];
    rgb[o + 1] = png.data[i + 1];
    rgb[o + 2] = png.data[i + 2];
  }
  return rgb;
}

/** Packs one sample per entry into rows of `depth`-bit samples, each row starting on a byte. */
function pack(samples: number[], width: number, depth: number): Uint8Array {
  const rowBytes = Math.ceil((width * depth) / 8);
  const height = samples.length / width;
  const out = new Uint8Array(rowBytes * height);
  samples.forEach((v, i) => {
    const y = Math.floor(i / width);
    const bit = (i % width) * depth;
    out[y * rowBytes + (bit >> 3)] |= v << (8 - depth - (bit & 7));
  });
  return out;
}

describe('decodeImage: JPEG', () => {
  const width = 33;
  const height = 20;
  const rgba = pattern(width, height);
  const jpeg = jpegOf(rgba, width, height);

  it('decodes a colour JPEG to RGB close to the encoded pixels', async () => {
    const image = await decodeImage(jpeg, 'colour.jpg');
    expect(image.width).toBe(width);
    expect(image.height).toBe(height);
    expect(image.data).toBeInstanceOf(Uint8Array);
    expect(image.data.length).toBe(width * height * 3);
    let sum = 0;
    let max = 0;
    for (let p = 0; p < width * height; p++) {
      for (let c = 0; c < 3; c++) {
        const diff = Math.abs(image.data[p * 3 + c] - rgba[p * 4 + c]);
        sum += diff;
        max = Math.max(max, diff);
      }
    }
    expect(sum / (width * height * 3)).toBeLessThan(3);
    expect(max).toBeLessThan(40);
  });

  it('sniffs by content, not by extension', async () => {
    expect((await decodeImage(jpeg, 'misnamed.png')).width).toBe(width);
  });

  it('gives equal channels for a JPEG encoded from grey pixels', async () => {
    const grey = new Uint8Array(rgba);
    for (let i = 0; i < grey.length; i += 4) grey[i + 1] = grey[i + 2] = grey[i];
    const image = await decodeImage(jpegOf(grey, width, height), 'grey.jpg');
    expect(channelsEqual(image.data)).toBe(true);
  });

  it.skipIf(!haveSamples)(
    'decodes a real single-component (greyscale) JPEG to RGB with equal channels',
    async () => {
      // Decoding all 1000 samples takes ~25 s; the SOF component count finds the greyscale ones directly.
      const name = fs
        .readdirSync(samplesDir)
        .filter((f) => /\.jpe?g$/i.test(f))
        .sort()
        .find((f) => {
          const bytes = new Uint8Array(fs.readFileSync(path.join(samplesDir, f)));
          return bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[sofOffset(bytes) + 9] === 1;
        });
      expect(name).toBeDefined();
      const bytes = new Uint8Array(fs.readFileSync(path.join(samplesDir, name!)));
      const image = await decodeImage(bytes, name!);
      const sof = sofOffset(bytes);
      expect(image.height).toBe((bytes[sof + 5] << 8) | bytes[sof + 6]);
      expect(image.width).toBe((bytes[sof + 7] << 8) | bytes[sof + 8]);
      expect(channelsEqual(image.data)).toBe(true);
    },
  );

  it.skipIf(!haveSamples)('decodes a real colour JPEG', async () => {
    const bytes = new Uint8Array(fs.readFileSync(path.join(samplesDir, 'n01440764_tench.JPEG')));
    const image = await decodeImage(bytes, 'n01440764_tench.JPEG');
    expect(image.data.length).toBe(image.width * image.height * 3);
    expect(channelsEqual(image.data)).toBe(false);
  });

  it.skipIf(!haveSamples)(
    "gives libjpeg-turbo's pixels (pinned: change only for a deliberate change of decoder)",
    async () => {
      const bytes = new Uint8Array(fs.readFileSync(path.join(samplesDir, 'n01440764_tench.JPEG')));
      const image = await decodeImage(bytes, 'n01440764_tench.JPEG');
      expect(await sha256Hex(image.data)).toBe(TENCH_RGB_SHA256);
    },
  );

  it('refuses a CMYK JPEG from its header, saying why', async () => {
    const cmyk = new Uint8Array(jpeg);
    cmyk[sofOffset(cmyk) + 9] = 4;
    await expectRefused(cmyk, 'print.jpg', /unsupported JPEG: 4 colour components .*save it as RGB/);
  });

  it('keeps decoding after libjpeg gave up on a file', async () => {
    const bad = new Uint8Array(jpeg);
    bad[sofOffset(bad) + 1] = 0xc3; // lossless: a process libjpeg refuses, which it reports with exit(1)
    await expectRefused(bad, 'refused.jpg', /libjpeg: .*SOF type 0xc3/);
    expect((await decodeImage(jpeg, 'next.jpg')).width).toBe(width);
  });

  it('refuses a JPEG cut in half, naming the file', async () => {
    await expectRefused(jpeg.subarray(0, jpeg.length >> 1), 'half.jpg', /truncated/);
  });

  it('refuses a JPEG cut anywhere, including just before its end marker', async () => {
    const cuts = [jpeg.length - 1, jpeg.length - 2, jpeg.length - 3];
    for (let cut = 3; cut < jpeg.length; cut += 37) cuts.push(cut);
    for (const cut of cuts) {
      const error = await errorOf(() => decodeImage(jpeg.subarray(0, cut), `cut-${cut}.jpg`));
      expect(error.message.startsWith(`cut-${cut}.jpg: `)).toBe(true);
    }
  });

  it('refuses corrupt scan data', async () => {
    const sos = jpeg.findIndex((b, i) => b === 0xff && jpeg[i + 1] === 0xda);
    const bad = new Uint8Array(jpeg);
    // A marker in the middle of the entropy-coded data.
    bad[sos + 40] = 0xff;
    bad[sos + 41] = 0xc8;
    await expectRefused(bad, 'corrupt.jpg', /corrupt/);
  });

  it('refuses a JPEG that libjpeg decodes with a warning, quoting it', async () => {
    // Stray bytes before the end marker: libjpeg decodes the image and only warns.
    const stray = new Uint8Array(jpeg.length + 2);
    stray.set(jpeg.subarray(0, -2));
    stray.set([0x12, 0x34, 0xff, 0xd9], jpeg.length - 2);
    await expectRefused(
      stray,
      'stray.jpg',
      /libjpeg: Corrupt JPEG data: 2 extraneous bytes before marker 0xd9/,
    );
  });

  it('refuses a 12-bit JPEG', async () => {
    const bad = new Uint8Array(jpeg);
    bad[sofOffset(bad) + 4] = 12;
    await expectRefused(bad, 'deep.jpg', /12-bit/);
  });

  it('refuses an image over the pixel limit from its header, without decoding', async () => {
    const huge = new Uint8Array(jpeg);
    const sof = sofOffset(huge);
    huge.set([0xea, 0x60, 0xea, 0x60], sof + 5); // 60000 x 60000
    await expectRefused(
      huge,
      'huge.jpg',
      /60000x60000 \(3600000000 pixels\), over the limit of 40000000 pixels/,
    );
    const error = await errorOf(() => decodeImage(jpeg, 'small.jpg', { maxPixels: 100 }));
    expect(error.message).toMatch(
      /^small\.jpg: image is 33x20 \(660 pixels\), over the limit of 100 pixels$/,
    );
  });

  it('refuses a JPEG with zero height', async () => {
    const bad = new Uint8Array(jpeg);
    bad.set([0, 0], sofOffset(bad) + 5);
    await expectRefused(bad, 'flat.jpg', /zero size/);
  });

  it('refuses a JPEG with only its signature', async () => {
    await expectRefused(Uint8Array.of(0xff, 0xd8, 0xff), 'stub.jpg', /truncated/);
  });
});

describe('decodeImage: PNG', () => {
  const width = 7;
  const height = 5;
  const n = width * height;
  const rgba = pattern(width, height);
  for (let p = 0; p < n; p++) rgba[p * 4 + 3] = (p * 53) % 256; // varied alpha, including 0

  function rgbOf(data: ArrayLike<number>, channels: number, shift = 0): Uint8Array {
    const out = new Uint8Array(n * 3);
    for (let p = 0; p < n; p++) {
      for (let c = 0; c < 3; c++) out[p * 3 + c] = data[p * channels + (channels < 3 ? 0 : c)] >> shift;
    }
    return out;
  }

  async function roundTrip(
    png: PngImageData,
    name: string,
  ): Promise<{ bytes: Uint8Array; data: Uint8Array }> {
    const bytes = encodePng(png);
    const image = await decodeImage(bytes, name);
    expect([image.width, image.height]).toEqual([png.width, png.height]);
    return { bytes, data: image.data };
  }

  it('decodes 8-bit RGB', async () => {
    const data = new Uint8Array(n * 3);
    for (let p = 0; p < n; p++) data.set(rgba.subarray(p * 4, p * 4 + 3), p * 3);
    const { bytes, data: rgb } = await roundTrip({ width, height, data, channels: 3, depth: 8 }, 'rgb.png');
    expect(rgb).toEqual(data);
    expect(rgb).toEqual(pngjsRgb(bytes));
  });

  it('decodes 8-bit RGBA, dropping alpha and keeping the colour under transparent pixels', async () => {
    const { bytes, data } = await roundTrip({ width, height, data: rgba, channels: 4, depth: 8 }, 'rgba.png');
    expect(data).toEqual(rgbOf(rgba, 4));
    expect(rgba[3]).toBe(0);
    expect(data.subarray(0, 3)).toEqual(rgba.subarray(0, 3));
    expect(data).toEqual(pngjsRgb(bytes));
  });

  it('decodes 8-bit greyscale and grey+alpha to equal channels', async () => {
    const grey = Uint8Array.from({ length: n }, (_, i) => (i * 7) % 256);
    const g = await roundTrip({ width, height, data: grey, channels: 1, depth: 8 }, 'grey.png');
    expect(g.data).toEqual(rgbOf(grey, 1));
    expect(g.data).toEqual(pngjsRgb(g.bytes));
    const greyAlpha = Uint8Array.from({ length: n * 2 }, (_, i) => (i % 2 ? 0 : (i * 11) % 256));
    const ga = await roundTrip({ width, height, data: greyAlpha, channels: 2, depth: 8 }, 'grey-alpha.png');
    expect(ga.data).toEqual(rgbOf(greyAlpha, 2));
    expect(ga.data).toEqual(pngjsRgb(ga.bytes));
  });

  it('decodes 1-, 2- and 4-bit greyscale, scaled to 0..255', async () => {
    for (const depth of [1, 2, 4] as const) {
      const max = (1 << depth) - 1;
      const samples = Array.from({ length: n }, (_, i) => (i * 5) % (max + 1));
      const png = { width, height, data: pack(samples, width, depth), channels: 1, depth };
      const { bytes, data } = await roundTrip(png, `grey${depth}.png`);
      expect(data).toEqual(
        rgbOf(
          samples.map((v) => (v * 255) / max),
          1,
        ),
      );
      expect(data).toEqual(pngjsRgb(bytes));
    }
  });

  it('decodes 8-bit and 2-bit palette images (palette alpha ignored)', async () => {
    const palette = [
      [255, 0, 0],
      [0, 200, 0],
      [10, 20, 250],
      [90, 90, 90],
    ];
    const indices = Array.from({ length: n }, (_, i) => (i * 3) % 4);
    const expected = new Uint8Array(indices.flatMap((i) => palette[i]));
    const p8 = await roundTrip(
      { width, height, data: Uint8Array.from(indices), channels: 1, depth: 8, palette },
      'p8.png',
    );
    expect(p8.data).toEqual(expected);
    expect(p8.data).toEqual(pngjsRgb(p8.bytes));
    const p2 = await roundTrip(
      { width, height, data: pack(indices, width, 2), channels: 1, depth: 2, palette },
      'p2.png',
    );
    expect(p2.data).toEqual(expected);
    const withAlpha = palette.map((c, i) => [...c, i * 80]);
    const pa = await roundTrip(
      { width, height, data: Uint8Array.from(indices), channels: 1, depth: 8, palette: withAlpha },
      'pa.png',
    );
    expect(pa.data).toEqual(expected);
  });

  it('decodes 16-bit RGB, RGBA and greyscale keeping the high byte', async () => {
    const wide = Uint16Array.from({ length: n * 4 }, (_, i) => (i * 2897 + 123) % 65536);
    const rgb = await roundTrip(
      { width, height, data: wide.subarray(0, n * 3), channels: 3, depth: 16 },
      'rgb16.png',
    );
    expect(rgb.data).toEqual(rgbOf(wide, 3, 8));
    const rgbaPng = await roundTrip({ width, height, data: wide, channels: 4, depth: 16 }, 'rgba16.png');
    expect(rgbaPng.data).toEqual(rgbOf(wide, 4, 8));
    const grey = await roundTrip(
      { width, height, data: wide.subarray(0, n), channels: 1, depth: 16 },
      'grey16.png',
    );
    expect(grey.data).toEqual(rgbOf(wide, 1, 8));
  });

  it('decodes an Adam7-interlaced 8-bit PNG', async () => {
    const data = new Uint8Array(n * 3);
    for (let p = 0; p < n; p++) data.set(rgba.subarray(p * 4, p * 4 + 3), p * 3);
    const bytes = encodePng({ width, height, data, channels: 3, depth: 8 }, { interlace: 'Adam7' });
    expect(bytes[28]).toBe(1);
    expect((await decodeImage(bytes, 'adam7.png')).data).toEqual(data);
    expect(pngjsRgb(bytes)).toEqual(data);
  });

  it('refuses interlaced PNGs with sub-byte samples (fast-png misreads them)', async () => {
    const bytes = encodePng({
      width,
      height,
      data: pack(new Array<number>(n).fill(1), width, 1),
      channels: 1,
      depth: 1,
    });
    const interlaced = new Uint8Array(bytes);
    interlaced[28] = 1;
    await expectRefused(interlaced, 'adam7-1bit.png', /unsupported PNG: interlaced with 1-bit samples/);
  });

  const bigger = encodePng({ width: 40, height: 30, data: pattern(40, 30), channels: 4, depth: 8 });

  it('refuses truncated PNGs, naming the file', async () => {
    await expectRefused(bigger.subarray(0, bigger.length >> 1), 'half.png', /truncated/);
    await expectRefused(bigger.subarray(0, 20), 'header-only.png', /truncated/);
    for (let cut = 8; cut < bigger.length; cut += 41) {
      const error = await errorOf(() => decodeImage(bigger.subarray(0, cut), `cut-${cut}.png`));
      expect(error.message.startsWith(`cut-${cut}.png: `)).toBe(true);
    }
  });

  it('refuses a PNG whose image data is corrupt (CRC)', async () => {
    const bad = new Uint8Array(bigger);
    bad[bad.length - 20] ^= 0x55;
    await expectRefused(bad, 'crc.png', /corrupt/);
  });

  it('refuses a PNG over the pixel limit from its IHDR', async () => {
    const huge = new Uint8Array(bigger);
    new DataView(huge.buffer).setUint32(16, 100_000);
    new DataView(huge.buffer).setUint32(20, 100_000);
    await expectRefused(
      huge,
      'huge.png',
      /100000x100000 \(10000000000 pixels\), over the limit of 40000000 pixels/,
    );
    await expect(decodeImage(bigger, 'small.png', { maxPixels: 1199 })).rejects.toThrow(
      /^small\.png: image is 40x30/,
    );
    expect((await decodeImage(bigger, 'fits.png', { maxPixels: 1200 })).width).toBe(40);
  });
});

describe('decodeImage: other input', () => {
  it('refuses an empty file', async () => {
    await expectRefused(new Uint8Array(0), 'empty.jpg', /empty file/);
  });

  it('refuses other formats, showing the first bytes', async () => {
    const gif = new TextEncoder().encode('GIF89a and more bytes');
    await expectRefused(
      gif,
      'anim.gif',
      /: not a JPEG or PNG image \(first bytes: 47 49 46 38 39 61 20 61 \.\.\.\)$/,
    );
    await expectRefused(Uint8Array.of(0xff, 0x00), 'short.bin', /\(first bytes: ff 00\)$/);
  });

  it('reads a view at an offset into a larger buffer', async () => {
    const jpeg = jpegOf(pattern(9, 9), 9, 9);
    const padded = new Uint8Array(jpeg.length + 10);
    padded.set(jpeg, 5);
    const view = padded.subarray(5, 5 + jpeg.length);
    expect((await decodeImage(view, 'view.jpg')).data).toEqual((await decodeImage(jpeg, 'copy.jpg')).data);
    const png = encodePng({ width: 3, height: 2, data: new Uint8Array(18).fill(7), channels: 3, depth: 8 });
    const paddedPng = new Uint8Array(png.length + 3);
    paddedPng.set(png, 3);
    expect((await decodeImage(paddedPng.subarray(3), 'view.png')).data).toEqual(new Uint8Array(18).fill(7));
  });
});
