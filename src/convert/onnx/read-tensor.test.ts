import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodeMessage } from './proto-codec';
import { DataType, onnxTypes } from './onnx-schema';
import type { OnnxTensor } from './onnx-model';
import { readTensorProto } from './read-tensor';

const encode = (tensor: Partial<OnnxTensor>) => encodeMessage(onnxTypes, 'TensorProto', tensor);
const bytesOf = (view: ArrayBufferView) => new Uint8Array(view.buffer, view.byteOffset, view.byteLength);

function read(tensor: Partial<OnnxTensor>) {
  const result = readTensorProto(encode(tensor), 'case/input_0.pb');
  if ('skip' in result) throw new Error(result.skip);
  return result.tensor;
}

describe('readTensorProto', () => {
  it('reads float32 raw_data with its name and shape', () => {
    const tensor = read({
      name: 'x',
      dims: [2, 2],
      dataType: DataType.FLOAT,
      rawData: bytesOf(new Float32Array([1, -2, 3.5, 0])),
    });
    expect(tensor).toEqual({
      name: 'x',
      dtype: 'float32',
      shape: [2, 2],
      data: new Float32Array([1, -2, 3.5, 0]),
    });
  });

  it('reads the typed fields a writer may use instead of raw_data', () => {
    expect(read({ name: 'f', dims: [2], dataType: DataType.FLOAT, floatData: [0.5, 2] }).data).toEqual(
      new Float32Array([0.5, 2]),
    );
    expect(read({ name: 'i', dims: [3], dataType: DataType.INT64, int64Data: [-1, 0, 9] }).data).toEqual(
      new BigInt64Array([-1n, 0n, 9n]),
    );
    expect(read({ name: 'b', dims: [2], dataType: DataType.BOOL, int32Data: [1, 0] })).toMatchObject({
      dtype: 'bool',
      data: new Uint8Array([1, 0]),
    });
  });

  it('keeps int64 raw_data exact beyond 2^53 and float16 as its raw bits', () => {
    const big = new BigInt64Array([9007199254740993n, -5n]);
    expect(read({ name: 'i', dims: [2], dataType: DataType.INT64, rawData: bytesOf(big) }).data).toEqual(big);
    // 0x3c00 is 1.0 and 0xc000 is -2.0 in IEEE half precision.
    const halves = new Uint16Array([0x3c00, 0xc000]);
    expect(
      read({ name: 'h', dims: [2], dataType: DataType.FLOAT16, rawData: bytesOf(halves) }),
    ).toMatchObject({ dtype: 'float16', data: halves });
  });

  it('reads a scalar (no dims) as one value', () => {
    expect(
      read({ name: 's', dims: [], dataType: DataType.UINT8, rawData: new Uint8Array([7]) }),
    ).toMatchObject({ shape: [], data: new Uint8Array([7]) });
  });

  it('skips a dtype the runtime contract lacks, naming the file, tensor and type', () => {
    const strings = readTensorProto(
      encode({ name: 's', dims: [1], dataType: DataType.STRING }),
      'test_strings/input_0.pb',
    );
    expect(strings).toEqual({
      skip: 'test_strings/input_0.pb: "s" is string, which the runtime contract does not carry',
    });
    const doubles = readTensorProto(
      encode({ name: 'd', dims: [1], dataType: DataType.DOUBLE, rawData: new Uint8Array(8) }),
      'c/output_0.pb',
    );
    expect('skip' in doubles && doubles.skip).toMatch(/"d" is double/);
  });

  it('refuses values that do not fill the shape, naming the file', () => {
    expect(() =>
      readTensorProto(
        encode({ name: 'x', dims: [3], dataType: DataType.FLOAT, floatData: [1] }),
        'c/input_1.pb',
      ),
    ).toThrow('c/input_1.pb: "x" has 1 values for shape [3] (3 expected)');
  });

  const conv =
    '/usr/share/libonnx-testdata/data/node/test_conv_with_strides_padding/test_data_set_0/input_0.pb';
  it.skipIf(!existsSync(conv))('reads a real ONNX backend test input', () => {
    const result = readTensorProto(readFileSync(conv), 'conv/input_0.pb');
    expect('tensor' in result && { dtype: result.tensor.dtype, shape: result.tensor.shape }).toEqual({
      dtype: 'float32',
      shape: [1, 1, 7, 5],
    });
  });
});
