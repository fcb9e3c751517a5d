import { describe, expect, it } from 'vitest';
import type { NamedTensor } from '../tensor';
import { toleranceFor } from '../tolerance/per-operator';
import { classifyError, classifyOutputs } from './classify-case';
import { countStatuses, describeCounts } from './conformance-schema';

const tolerance = toleranceFor('webgpu', { op: 'Add' });
const y = (data: number[]): NamedTensor => ({
  name: 'y',
  dtype: 'float32',
  shape: [data.length],
  data: new Float32Array(data),
});
const named = (name: string, error: string) => Object.assign(new Error(error), { name });

describe('classifyOutputs', () => {
  it('passes outputs within tolerance', () => {
    expect(classifyOutputs([y([1, 2])], [y([1, 2.0005])], tolerance, null)).toMatchObject({
      status: 'pass',
      detail: null,
    });
  });

  it('calls an output out of tolerance wrong, with the max error', () => {
    expect(classifyOutputs([y([1, 3])], [y([1, 2])], tolerance, null)).toMatchObject({
      status: 'wrong',
      maxAbsError: 1,
    });
  });

  it('calls a missing output wrong, naming it', () => {
    expect(classifyOutputs([], [y([1])], tolerance, null)).toEqual({
      status: 'wrong',
      maxAbsError: null,
      detail: 'y: not returned',
    });
  });

  it('never credits a pass to a backend that put the node on the CPU provider', () => {
    const fallback = '1 of 1 nodes on CPUExecutionProvider';
    expect(classifyOutputs([y([1])], [y([1])], tolerance, fallback)).toEqual({
      status: 'fell-back',
      maxAbsError: 0,
      detail: '1 of 1 nodes on CPUExecutionProvider; outputs match',
    });
    expect(classifyOutputs([y([5])], [y([1])], tolerance, fallback).detail).toMatch(
      /outputs wrong: y: 1 of 1/,
    );
  });
});

describe('classifyError', () => {
  it("tells the worker client's hang and death apart from a runtime's refusal", () => {
    expect(
      classifyError('infer', named('WorkerTimeoutError', 'ort-webgpu: infer did not finish within 30000 ms'))
        .status,
    ).toBe('timeout');
    expect(classifyError('load', named('WorkerCrashError', 'ort-webgl worker crashed')).status).toBe(
      'crashed',
    );
    expect(classifyError('load', new Error('Could not find an implementation for Foo(1) node'))).toEqual({
      status: 'unsupported',
      maxAbsError: null,
      detail: 'load: Could not find an implementation for Foo(1) node',
    });
  });
});

describe('counts', () => {
  it('counts every status, zeros included, in the words the CLI prints', () => {
    const counts = countStatuses([
      { status: 'pass' },
      { status: 'pass' },
      { status: 'fell-back' },
      { status: 'timeout' },
    ]);
    expect(describeCounts(counts)).toBe(
      '2 passed, 0 wrong, 1 fell back, 0 unsupported, 0 crashed, 1 timeout',
    );
  });
});
