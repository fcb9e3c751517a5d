import { AttributeType, DataType, onnxTypes } from './onnx-schema';
import { decodeMessage, encodeMessage } from './proto-codec';

type Int64 = number | { toNumber(): number };

export interface OnnxAttribute {
  name: string;
  type: number;
  f?: number;
  i?: Int64;
  s?: Uint8Array;
  t?: OnnxTensor;
  floats?: number[];
  ints?: Int64[];
}
export interface OnnxNode {
  name: string;
  opType: string;
  domain?: string;
  input: string[];
  output: string[];
  attribute: OnnxAttribute[];
}
export interface OnnxTensor {
  name: string;
  dims: Int64[];
  dataType: number;
  rawData?: Uint8Array;
  floatData?: number[];
  int32Data?: number[];
  int64Data?: Int64[];
}
export interface OnnxValueInfo {
  name: string;
  /** Absent on an output ORT is left to infer (a node output exposed for inspection). */
  type?: {
    tensorType: { elemType: number; shape?: { dim: ({ dimValue: Int64 } | { dimParam: string })[] } };
  };
}
export interface OnnxModel {
  irVersion: Int64;
  opsetImport: { domain: string; version: Int64 }[];
  producerName: string;
  producerVersion: string;
  docString?: string;
  metadataProps?: { key: string; value: string }[];
  graph: {
    name: string;
    node: OnnxNode[];
    initializer: OnnxTensor[];
    input: OnnxValueInfo[];
    output: OnnxValueInfo[];
  };
}

export function toNumber(value: Int64 | undefined): number {
  if (value === undefined) return 0;
  return typeof value === 'number' ? value : value.toNumber();
}

export function encodeModel(model: OnnxModel): Uint8Array {
  return encodeMessage(onnxTypes, 'ModelProto', model);
}

export function decodeModel(bytes: Uint8Array): OnnxModel {
  const model = decodeMessage<OnnxModel>(onnxTypes, 'ModelProto', bytes);
  // Keep only the value field the attribute's type names: ONNX rejects an attribute with two set.
  const field: Record<number, keyof OnnxAttribute> = {
    [AttributeType.FLOAT]: 'f',
    [AttributeType.INT]: 'i',
    [AttributeType.STRING]: 's',
    [AttributeType.TENSOR]: 't',
    [AttributeType.FLOATS]: 'floats',
    [AttributeType.INTS]: 'ints',
  };
  for (const node of model.graph.node) {
    node.attribute = node.attribute.map((a) => ({
      name: a.name,
      type: a.type,
      [field[a.type]]: a[field[a.type]],
    }));
  }
  return model;
}

/** The float32 values of an initializer (raw_data, little-endian as every target platform is). */
export function floatData(tensor: OnnxTensor): Float32Array {
  if (tensor.dataType !== DataType.FLOAT) throw new Error(`initializer ${tensor.name} is not float32`);
  // A copy: in Node, decoded bytes are Buffer views into a shared pool, neither aligned nor owned.
  const copy = new Uint8Array(tensor.rawData ?? []);
  return new Float32Array(copy.buffer, 0, copy.byteLength / 4);
}

export function int64Data(tensor: OnnxTensor): BigInt64Array {
  const copy = new Uint8Array(tensor.rawData ?? []);
  return new BigInt64Array(copy.buffer, 0, copy.byteLength / 8);
}
