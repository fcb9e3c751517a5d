/** Conv2D kernel: TF.js HWIO [kh, kw, in, out] → ONNX OIHW [out, in, kh, kw], as a `transpose4d` perm. */
export const hwioToOihw = [3, 2, 0, 1];

/**
 * DepthwiseConv2D kernel: TF.js [kh, kw, C, M] → ONNX [C, M, kh, kw] (read as [C*M, 1, kh, kw] for a
 * Conv with group = C: TF.js output channel c*M + m is ONNX group c's m-th output).
 */
export const depthwiseToOnnx = [2, 3, 0, 1];

/** A rank-4 array transposed: output axis i is input axis perm[i], as ONNX Transpose does. */
export function transpose4d(values: Float32Array, shape: number[], perm: number[]): Float32Array {
  const strides = [shape[1] * shape[2] * shape[3], shape[2] * shape[3], shape[3], 1];
  const [d0, d1, d2, d3] = perm.map((axis) => shape[axis]);
  const [s0, s1, s2, s3] = perm.map((axis) => strides[axis]);
  const out = new Float32Array(values.length);
  let o = 0;
  for (let a = 0; a < d0; a++)
    for (let b = 0; b < d1; b++)
      for (let c = 0; c < d2; c++)
        for (let d = 0; d < d3; d++) out[o++] = values[a * s0 + b * s1 + c * s2 + d * s3];
  return out;
}
