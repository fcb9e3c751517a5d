import { describe, expect, it } from 'vitest';
import { computedPrecision, type RanOn } from './computed-precision';

const on = (fields: Partial<RanOn>): RanOn => ({
  runtime: 'ort',
  backend: 'wasm',
  isReference: false,
  status: 'ok',
  reason: null,
  shaderF16: null,
  ...fields,
});

describe('the precision a configuration actually computed a variant in', () => {
  it('fp16 on ORT wasm: float16 weights, float32 arithmetic (the CPU provider casts), and says so', () => {
    const computed = computedPrecision('fp16', on({}));
    expect(computed).toMatchObject({ ran: 'variant', weights: 'float16', arithmetic: 'float32' });
    expect(computed.note).toMatch(/casts float16 nodes .* float32 arithmetic/);
  });

  it('fp16 on WebGPU: float16 arithmetic only with shader-f16', () => {
    expect(computedPrecision('fp16', on({ backend: 'webgpu', shaderF16: true })).arithmetic).toBe('float16');
    const without = computedPrecision('fp16', on({ backend: 'webgpu-native', shaderF16: false }));
    expect(without.arithmetic).toBe('unknown');
    expect(without.note).toContain('without shader-f16');
  });

  it('the reference ran the original; an unsupported configuration ran nothing', () => {
    expect(computedPrecision('int8', on({ isReference: true })).ran).toBe('original');
    const none = computedPrecision('int8', on({ status: 'unsupported', reason: 'unsupported: no WebNN' }));
    expect(none).toEqual({ ran: 'none', weights: null, arithmetic: null, note: 'unsupported: no WebNN' });
  });

  it('int8: int8 weights on ORT, per-tensor uint8 on TF.js; float32 arithmetic on both', () => {
    expect(computedPrecision('int8', on({ backend: 'webgpu' }))).toMatchObject({
      weights: 'int8',
      arithmetic: 'float32',
    });
    expect(computedPrecision('int8', on({ runtime: 'tfjs', backend: 'cpu' }))).toMatchObject({
      weights: 'uint8',
      arithmetic: 'float32',
    });
  });

  it('a configuration that failed computed nothing: no arithmetic, and what it would have computed', () => {
    const failed = computedPrecision('int8', on({ backend: 'webgl', status: 'failed', reason: 'no kernel' }));
    expect(failed).toMatchObject({ ran: 'variant', weights: 'int8', arithmetic: null });
    expect(failed.note).toMatch(/^failed; it would have computed: int8 weights/);
  });
});
