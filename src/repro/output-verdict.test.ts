import { describe, expect, it } from 'vitest';
import { floatsAgree } from '../core/tolerance/per-operator';
import { compareOutput } from './output-verdict';
import { describeAnswer } from './rerun-answer';

const tolerance = { absolute: 1e-3, relativeRatio: 1.001, steps: 1 };

describe('compareOutput', () => {
  it('holds floats to the absolute-or-relative rule and counts what leaves it', () => {
    const expected = Float32Array.from([0, 1, 1000, 5]);
    expect(
      compareOutput(expected, Float32Array.from([0.0005, 1, 1000.5, 5]), tolerance, null, floatsAgree),
    ).toEqual({
      maxAbs: expect.closeTo(0.5, 5) as number,
      beyond: 0,
      agrees: true,
    });
    const off = compareOutput(expected, Float32Array.from([0, 1.1, 1000, NaN]), tolerance, null, floatsAgree);
    expect(off).toMatchObject({ maxAbs: Infinity, beyond: 2, agrees: false });
  });

  it('lets quantized outputs differ by the allowed steps, dequantized with their scale', () => {
    const q = { scale: 0.5, zeroPoint: 128 };
    const expected = Uint8Array.from([128, 130, 140]);
    expect(compareOutput(expected, Uint8Array.from([129, 130, 139]), tolerance, q, floatsAgree)).toEqual({
      maxAbs: 0.5,
      beyond: 0,
      agrees: true,
    });
    expect(
      compareOutput(expected, Uint8Array.from([130, 130, 140]), tolerance, q, floatsAgree),
    ).toMatchObject({
      maxAbs: 1,
      beyond: 1,
      agrees: false,
    });
  });

  it('refuses outputs of another length', () => {
    expect(compareOutput([1, 2], [1], tolerance, null, floatsAgree)).toMatchObject({
      agrees: false,
      maxAbs: Infinity,
    });
  });
});

describe('describeAnswer', () => {
  const side = (configId: string, maxAbs: number | null, unavailable: string | null = null) => ({
    configId,
    unavailable,
    maxAbsVsReference: maxAbs,
    maxAbsVsSuspect: maxAbs === null ? null : 0,
    agreesWithReference: maxAbs === null ? null : maxAbs === 0,
  });
  const base = { bundleSha256: 'a'.repeat(64), elapsedMs: 10 };

  it('answers yes, no, or cannot tell with the numbers or the reason', () => {
    expect(
      describeAnswer({
        ...base,
        reproduces: true,
        suspect: side('ort-webgpu', 6),
        reference: side('ort-wasm', 0),
      }),
    ).toBe(
      'this device reproduces the bug: yes (ort-webgpu: max |Δ| 6.00 from the recorded reference, 0.00 from the recorded suspect); ort-wasm: max |Δ| 0.00 from the recorded reference',
    );
    const missing = side('ort-webgpu', null, 'ort-webgpu is not available here: WebGPU: no adapter');
    expect(
      describeAnswer({ ...base, reproduces: null, suspect: missing, reference: side('ort-wasm', 0) }),
    ).toMatch(
      /^this device reproduces the bug: cannot tell \(ort-webgpu is not available here: WebGPU: no adapter\); /,
    );
  });
});
