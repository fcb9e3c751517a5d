import { describe, expect, it } from 'vitest';
import { float16ToFloat32, float32ToFloat16 } from './float16';

describe('float32ToFloat16', () => {
  it('gives back every half exactly (NaNs stay NaN)', () => {
    for (let h = 0; h < 0x10000; h++) {
      const back = float32ToFloat16(float16ToFloat32(h));
      if (Number.isNaN(float16ToFloat32(h))) expect(Number.isNaN(float16ToFloat32(back))).toBe(true);
      else expect(back, `0x${h.toString(16)}`).toBe(h);
    }
  });

  it('rounds to nearest even and saturates past the largest half', () => {
    // 1 + 2^-11 is halfway between 1 and the next half up: ties go to the even mantissa (1).
    expect(float16ToFloat32(float32ToFloat16(1 + 2 ** -11))).toBe(1);
    expect(float16ToFloat32(float32ToFloat16(1 + 3 * 2 ** -11))).toBe(1 + 2 ** -9);
    expect(float16ToFloat32(float32ToFloat16(1e6))).toBe(65504);
    expect(float16ToFloat32(float32ToFloat16(-1e6))).toBe(-65504);
    expect(float16ToFloat32(float32ToFloat16(Infinity))).toBe(Infinity);
    expect(float16ToFloat32(float32ToFloat16(2 ** -25))).toBe(0);
  });
});
