import { describe, expect, it } from 'vitest';
import { dequantize } from './dequantize';

describe('dequantize', () => {
  it('maps a uint8 softmax (scale 1/256, zero point 0) to probabilities', () => {
    const out = dequantize(Uint8Array.of(0, 128, 255), { scale: [0.00390625], zeroPoint: [0] });
    expect([...out]).toEqual([0, 0.5, 255 / 256]);
  });

  it('subtracts the zero point first', () => {
    const out = dequantize(Uint8Array.of(128, 0, 255), { scale: [0.0078125], zeroPoint: [128] });
    expect([...out]).toEqual([0, -1, 127 / 128]);
  });

  it('refuses per-channel quantization, saying so', () => {
    expect(() => dequantize(Int8Array.of(1, 2), { scale: [0.1, 0.2], zeroPoint: [0, 0] })).toThrow(
      /per-channel quantization \(2 scales\)/,
    );
  });
});
