import type { DecodedPng } from 'fast-png';

/**
 * Converts fast-png output of any colour type and bit depth to 8-bit RGB.
 * - 16-bit samples keep their high byte (>> 8), as libpng's strip-16 does.
 * - 1/2/4-bit greyscale is scaled to 0..255 exactly (x * 255 / (2^depth - 1), an integer).
 * - Palette indices are looked up; palette alpha (tRNS) is ignored.
 * - Alpha channels are dropped, not composited: the colour stored under a transparent pixel is used as is.
 *   No background is assumed, so the result does not depend on how a browser would premultiply.
 * Throws a plain Error on inconsistent data; the caller adds the file name.
 */
export function pngToRgb(png: DecodedPng): Uint8Array {
  const { width, height, depth, channels, data } = png;
  const pixelCount = width * height;
  const out = new Uint8Array(pixelCount * 3);
  const packed = depth < 8;
  // fast-png leaves sub-byte samples packed, each row starting on a byte boundary.
  const rowBytes = packed ? Math.ceil((width * depth * channels) / 8) : width * channels;
  const expected = rowBytes * height;
  if (data.length !== expected) {
    throw new Error(`corrupt PNG: decoded ${data.length} samples, expected ${expected}`);
  }
  const mask = (1 << depth) - 1;
  const sample = (y: number, x: number, c: number): number => {
    if (!packed) {
      const v = data[y * rowBytes + x * channels + c];
      return depth === 16 ? v >> 8 : v;
    }
    const bit = (x * channels + c) * depth;
    const byte = data[y * rowBytes + (bit >> 3)];
    return (byte >> (8 - depth - (bit & 7))) & mask;
  };

  if (png.palette) {
    const palette = png.palette;
    for (let y = 0, o = 0; y < height; y++) {
      for (let x = 0; x < width; x++, o += 3) {
        const colour = palette[sample(y, x, 0)];
        if (!colour) throw new Error('corrupt PNG: palette index out of range');
        out[o] = colour[0];
        out[o + 1] = colour[1];
        out[o + 2] = colour[2];
      }
    }
    return out;
  }

  // Sub-byte depths only occur for greyscale (channels 1); scale them up to 8 bits.
  const greyScale = packed ? 255 / mask : 1;
  for (let y = 0, o = 0; y < height; y++) {
    for (let x = 0; x < width; x++, o += 3) {
      if (channels <= 2) {
        const v = sample(y, x, 0) * greyScale;
        out[o] = v;
        out[o + 1] = v;
        out[o + 2] = v;
      } else if (channels === 3 || channels === 4) {
        out[o] = sample(y, x, 0);
        out[o + 1] = sample(y, x, 1);
        out[o + 2] = sample(y, x, 2);
      } else {
        throw new Error(`unsupported PNG: ${channels} channels`);
      }
    }
  }
  return out;
}
