import type { NamedTensor, TensorData, TensorDtype } from '../../core/tensor';
import { decodeMessage } from './proto-codec';
import { DataType, onnxTypes } from './onnx-schema';
import { toNumber, type OnnxTensor } from './onnx-model';

/** A TensorProto as the lab carries it, or why it cannot be (a dtype the runtime contract lacks). */
export type ReadTensor = { tensor: NamedTensor } | { skip: string };

const dtypeOf: Partial<Record<number, TensorDtype>> = {
  [DataType.FLOAT]: 'float32',
  [DataType.FLOAT16]: 'float16',
  [DataType.INT32]: 'int32',
  [DataType.INT64]: 'int64',
  [DataType.INT8]: 'int8',
  [DataType.UINT8]: 'uint8',
  [DataType.BOOL]: 'bool',
};

/** The TensorProto data type of a contract dtype (what a single-node model declares for its inputs). */
export function onnxDataType(dtype: TensorDtype): number {
  return Number(Object.entries(dtypeOf).find(([, d]) => d === dtype)![0]);
}

/** onnx.proto's names for the types the contract lacks, so a skip names them as ONNX does. */
export function onnxTypeName(dataType: number): string {
  const entry = Object.entries(DataType).find(([, v]) => v === dataType);
  return entry ? entry[0].toLowerCase() : `data type ${dataType}`;
}

function fromRaw(dtype: TensorDtype, raw: Uint8Array): TensorData {
  // A copy: decoded bytes may be a view at any offset (a Node Buffer pool), and typed arrays need alignment.
  const buffer = new Uint8Array(raw).buffer;
  switch (dtype) {
    case 'float32':
      return new Float32Array(buffer);
    case 'float16':
      return new Uint16Array(buffer);
    case 'int32':
      return new Int32Array(buffer);
    case 'int64':
      return new BigInt64Array(buffer);
    case 'int8':
      return new Int8Array(buffer);
    case 'uint8':
    case 'bool':
      return new Uint8Array(buffer);
  }
}

/** The typed fields onnx.proto assigns each type when raw_data is not used. */
function fromFields(dtype: TensorDtype, proto: OnnxTensor): TensorData {
  const ints = proto.int32Data ?? [];
  switch (dtype) {
    case 'float32':
      return Float32Array.from(proto.floatData ?? []);
    case 'int64':
      return BigInt64Array.from(proto.int64Data ?? [], (v) => BigInt(toNumber(v)));
    case 'int32':
      return Int32Array.from(ints);
    // float16 keeps its bits in int32_data; int8, uint8 and bool one value per int32.
    case 'float16':
      return Uint16Array.from(ints);
    case 'int8':
      return Int8Array.from(ints);
    case 'uint8':
    case 'bool':
      return Uint8Array.from(ints);
  }
}

/** One decoded TensorProto → a NamedTensor; `where` names the file in any message. */
export function tensorFromProto(proto: OnnxTensor, where: string): ReadTensor {
  const dtype = dtypeOf[proto.dataType];
  const name = proto.name ?? '';
  if (!dtype)
    return {
      skip: `${where}: "${name}" is ${onnxTypeName(proto.dataType)}, which the runtime contract does not carry`,
    };
  const shape = proto.dims.map(toNumber);
  const data = proto.rawData?.length ? fromRaw(dtype, proto.rawData) : fromFields(dtype, proto);
  const elements = shape.reduce((a, b) => a * b, 1);
  if (data.length !== elements) {
    throw new Error(
      `${where}: "${name}" has ${data.length} values for shape [${shape.join(',')}] (${elements} expected)`,
    );
  }
  return { tensor: { name, dtype, shape, data } };
}

/** A serialized TensorProto (an ONNX test case's input_N.pb or output_N.pb). */
export function readTensorProto(bytes: Uint8Array, where: string): ReadTensor {
  return tensorFromProto(decodeMessage<OnnxTensor>(onnxTypes, 'TensorProto', bytes), where);
}
