/** Conv2D kernel, TF.js HWIO [kh, kw, in, out] → ONNX OIHW [out, in, kh, kw]. */
export function hwioToOihw(values: Float32Array, [kh, kw, cin, cout]: number[]): Float32Array {
  const out = new Float32Array(values.length);
  for (let h = 0; h < kh; h++)
    for (let w = 0; w < kw; w++)
      for (let i = 0; i < cin; i++)
        for (let o = 0; o < cout; o++)
          out[((o * cin + i) * kh + h) * kw + w] = values[((h * kw + w) * cin + i) * cout + o];
  return out;
}

/**
 * DepthwiseConv2D kernel, TF.js [kh, kw, C, M] → ONNX [C*M, 1, kh, kw] for a Conv with group = C:
 * TF.js output channel c*M + m is ONNX group c's m-th output.
 */
export function depthwiseToOnnx(values: Float32Array, [kh, kw, c, m]: number[]): Float32Array {
  const out = new Float32Array(values.length);
  for (let h = 0; h < kh; h++)
    for (let w = 0; w < kw; w++)
      for (let ch = 0; ch < c; ch++)
        for (let j = 0; j < m; j++)
          out[((ch * m + j) * kh + h) * kw + w] = values[((h * kw + w) * c + ch) * m + j];
  return out;
}
