import { describe, expect, it } from 'vitest';
import { centralCropSize } from './central-crop-size';

describe('centralCropSize (tf.image.central_crop)', () => {
  it('keeps 87.5 % of a 256 side: start int(16) on each side, 224 kept', () => {
    expect(centralCropSize(256, 256, 0.875)).toEqual([224, 224]);
  });

  it('truncates the start, so an odd margin keeps the window one larger', () => {
    // 375 * 0.125 / 2 = 23.4375 → start 23, keep 375 - 46 = 329; 500 → start 31, keep 438.
    expect(centralCropSize(375, 500, 0.875)).toEqual([329, 438]);
  });

  it('keeps everything at fraction 1 and refuses a fraction outside (0, 1]', () => {
    expect(centralCropSize(10, 7, 1)).toEqual([10, 7]);
    expect(() => centralCropSize(10, 10, 0)).toThrow(/fraction 0 is not in \(0, 1\]/);
    expect(() => centralCropSize(10, 10, 1.5)).toThrow(/fraction 1.5/);
  });
});
