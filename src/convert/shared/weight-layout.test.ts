import { describe, expect, it } from 'vitest';
import { depthwiseToOnnx, hwioToOihw, transpose4d } from './weight-layout';

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
const iota = (shape: number[]) => Float32Array.from({ length: size(shape) }, (_, i) => i);

describe('transpose4d', () => {
  it('moves HWIO element [h, w, i, o] to OIHW [o, i, h, w]', () => {
    const [kh, kw, cin, cout] = [2, 3, 4, 5];
    const out = transpose4d(iota([kh, kw, cin, cout]), [kh, kw, cin, cout], hwioToOihw);
    const [h, w, i, o] = [1, 2, 3, 4];
    expect(out[((o * cin + i) * kh + h) * kw + w]).toBe(((h * kw + w) * cin + i) * cout + o);
  });

  it('puts depthwise channel c*M + m first, as ONNX group c output m', () => {
    const [kh, kw, c, m] = [3, 3, 2, 2];
    const out = transpose4d(iota([kh, kw, c, m]), [kh, kw, c, m], depthwiseToOnnx);
    const [h, w, ch, j] = [2, 1, 1, 1];
    expect(out[((ch * m + j) * kh + h) * kw + w]).toBe(((h * kw + w) * c + ch) * m + j);
  });

  it('is undone by the inverse permutation, for every permutation', () => {
    const shape = [2, 3, 4, 5];
    const perms = [0, 1, 2, 3]
      .flatMap((a) => [0, 1, 2, 3].flatMap((b) => [0, 1, 2, 3].map((c) => [a, b, c, 6 - a - b - c])))
      .filter((perm) => new Set(perm).size === 4);
    expect(perms).toHaveLength(24);
    for (const perm of perms) {
      const inverse = perm.map((_, i) => perm.indexOf(i));
      const moved = transpose4d(iota(shape), shape, perm);
      expect(
        transpose4d(
          moved,
          perm.map((a) => shape[a]),
          inverse,
        ),
      ).toEqual(iota(shape));
    }
  });
});
