import { describe, expect, it } from 'vitest';
import { centerCrop } from './crop';

/** HWC data whose value encodes its position: y * 100 + x * 10 + channel. */
function positions(h: number, w: number, c: number): Float32Array {
  const out = new Float32Array(h * w * c);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let k = 0; k < c; k++) out[(y * w + x) * c + k] = y * 100 + x * 10 + k;
    }
  }
  return out;
}

describe('centerCrop', () => {
  it('takes the centred window, rounding the offsets down', () => {
    // 5x6 -> 2x3: top = floor(3 / 2) = 1, left = floor(3 / 2) = 1.
    const out = centerCrop(positions(5, 6, 2), 5, 6, 2, 2, 3);
    expect(Array.from(out)).toEqual([110, 111, 120, 121, 130, 131, 210, 211, 220, 221, 230, 231]);
  });

  it('crops decoded bytes into bytes, with no float copy of the image', () => {
    const bytes = Uint8Array.from(positions(3, 4, 1), (v) => v % 256);
    const out = centerCrop(bytes, 3, 4, 1, 1, 2);
    expect(out).toBeInstanceOf(Uint8Array);
    expect(Array.from(out)).toEqual([110, 120]);
  });

  it('returns a copy when the crop is the whole image', () => {
    const src = positions(3, 4, 3);
    const out = centerCrop(src, 3, 4, 3, 3, 4);
    expect(out).toEqual(src);
    expect(out).not.toBe(src);
  });

  it('crops even margins symmetrically', () => {
    const out = centerCrop(positions(6, 6, 1), 6, 6, 1, 2, 2);
    expect(Array.from(out)).toEqual([220, 230, 320, 330]);
  });

  it('refuses a crop larger than the image', () => {
    expect(() => centerCrop(positions(4, 4, 3), 4, 4, 3, 5, 2)).toThrow(
      /crop 5x2 is larger than the image 4x4/,
    );
    expect(() => centerCrop(positions(4, 4, 3), 4, 4, 3, 2, 5)).toThrow(/larger/);
  });

  it('checks its arguments', () => {
    expect(() => centerCrop(new Float32Array(10), 2, 2, 3, 1, 1)).toThrow(/10 values/);
    expect(() => centerCrop(positions(4, 4, 3), 4, 4, 3, 0, 2)).toThrow(/positive/);
  });
});
