import { describe, expect, it } from 'vitest';
import type { NamedTensor } from '../tensor';
import { compareTensors, floatsAgree, toleranceBackend, toleranceFor } from './per-operator';

const wasm = toleranceFor('wasm', { op: 'Conv' });
const f32 = (data: number[], shape = [data.length]): NamedTensor => ({
  name: 'y',
  dtype: 'float32',
  shape,
  data: new Float32Array(data),
});

describe('toleranceFor', () => {
  it("states onnxruntime-web's per-backend thresholds", () => {
    expect(wasm).toEqual({ absolute: 1e-4, relativeRatio: 1.000001 });
    expect(toleranceFor('webgpu', { op: 'Conv' }).absolute).toBe(1e-3);
    expect(toleranceFor('webgl', { op: 'Conv' }).absolute).toBe(1e-3);
    expect(toleranceFor('webgl', { op: 'Conv', halfFloat: true })).toEqual({
      absolute: 0.1,
      relativeRatio: 1.02,
    });
  });

  it('holds a quantized output to one quantization step, never tighter than the backend', () => {
    expect(toleranceFor('wasm', { op: 'QLinearConv', quantizationStep: 1 / 64 }).absolute).toBeCloseTo(
      1 / 64,
      4,
    );
    expect(toleranceFor('webgl', { op: 'Conv', halfFloat: true, quantizationStep: 1e-3 }).absolute).toBe(0.1);
  });

  it("maps ORT's native WebGPU EP to WebGPU's tolerance and refuses a backend it has none for", () => {
    expect(toleranceBackend('webgpu-native')).toBe('webgpu');
    expect(toleranceBackend('wasm')).toBe('wasm');
    expect(() => toleranceBackend('npu')).toThrow('no tolerance is stated for backend "npu"');
  });
});

describe('floatsAgree', () => {
  it('passes on the absolute or the relative bound, whichever holds', () => {
    expect(floatsAgree(1.00005, 1, wasm)).toBe(true); // absolute
    expect(floatsAgree(1000.0005, 1000, wasm)).toBe(true); // relative (5e-7)
    expect(floatsAgree(1000.01, 1000, wasm)).toBe(false);
    expect(floatsAgree(-1000.0005, 1000, wasm)).toBe(false); // opposite signs are never relatively close
  });

  it('matches NaN with NaN and an infinity only with itself', () => {
    expect(floatsAgree(NaN, NaN, wasm)).toBe(true);
    expect(floatsAgree(NaN, 0, wasm)).toBe(false);
    expect(floatsAgree(Infinity, Infinity, wasm)).toBe(true);
    expect(floatsAgree(Infinity, 3.4e38, wasm)).toBe(false);
  });

  it('is symmetric', () => {
    const pairs = [
      [1, 1.00005],
      [1000, 1000.0005],
      [1e-8, -1e-8],
      [3, 4],
      [NaN, 1],
      [Infinity, -Infinity],
      [0, 1e-5],
    ];
    for (const [a, b] of pairs) expect(floatsAgree(a, b, wasm)).toBe(floatsAgree(b, a, wasm));
  });
});

describe('compareTensors', () => {
  it('reports the largest error of a matching output', () => {
    const result = compareTensors(f32([1, 2.00005]), f32([1, 2]), wasm);
    expect(result.match).toBe(true);
    expect(result.maxAbsError).toBeCloseTo(5e-5, 6);
  });

  it('names the first value out of tolerance and counts them', () => {
    expect(compareTensors(f32([1, 2.5, 3, 9]), f32([1, 2, 3, 4]), wasm)).toEqual({
      match: false,
      maxAbsError: 5,
      mismatches: 2,
      detail: 'y: 2 of 4 values out of tolerance, first at [1]: 2.5 vs 2',
    });
  });

  it('compares integers and bools exactly, int64 beyond 2^53 included', () => {
    const i64 = (v: bigint[]): NamedTensor => ({
      name: 'i',
      dtype: 'int64',
      shape: [v.length],
      data: new BigInt64Array(v),
    });
    expect(compareTensors(i64([9007199254740993n]), i64([9007199254740992n]), wasm).match).toBe(false);
    expect(compareTensors(i64([3n]), i64([3n]), wasm).match).toBe(true);
    const bool = (v: number[]): NamedTensor => ({
      name: 'b',
      dtype: 'bool',
      shape: [v.length],
      data: new Uint8Array(v),
    });
    expect(compareTensors(bool([1, 0]), bool([1, 1]), wasm)).toMatchObject({ match: false, mismatches: 1 });
  });

  it('widens float16 bits before comparing', () => {
    const f16 = (bits: number[]): NamedTensor => ({
      name: 'h',
      dtype: 'float16',
      shape: [bits.length],
      data: new Uint16Array(bits),
    });
    // 0x3c00 is 1.0, 0x3c01 is 1.0009765625: within webgpu's 1e-3, outside wasm's 1e-4.
    expect(compareTensors(f16([0x3c01]), f16([0x3c00]), toleranceFor('webgpu', { op: 'Add' })).match).toBe(
      true,
    );
    expect(compareTensors(f16([0x3c01]), f16([0x3c00]), wasm).match).toBe(false);
  });

  it('refuses a different shape or dtype, saying which', () => {
    expect(compareTensors(f32([1, 2], [1, 2]), f32([1, 2], [2, 1]), wasm)).toMatchObject({
      match: false,
      detail: 'y: shape [1,2], expected [2,1]',
    });
    const asInt: NamedTensor = { name: 'y', dtype: 'int32', shape: [1], data: new Int32Array([1]) };
    expect(compareTensors(asInt, f32([1]), wasm)).toMatchObject({
      match: false,
      detail: 'y: dtype int32, expected float32',
    });
  });

  it('gives a null max error when a NaN is out of place', () => {
    expect(compareTensors(f32([NaN]), f32([1]), wasm)).toMatchObject({ match: false, maxAbsError: null });
  });
});
