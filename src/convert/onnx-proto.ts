import { decodeMessage, encodeMessage, type Descriptor } from './proto-codec';

/**
 * The subset of onnx.proto (https://github.com/onnx/onnx/blob/main/onnx/onnx.proto, proto2) the
 * converter writes and the verifier reads, as a protobufjs JSON descriptor. Field ids are onnx.proto's.
 */
const descriptor = {
  nested: {
    onnx: {
      nested: {
        ModelProto: {
          fields: {
            irVersion: { type: 'int64', id: 1 },
            opsetImport: { rule: 'repeated', type: 'OperatorSetIdProto', id: 8 },
            producerName: { type: 'string', id: 2 },
            producerVersion: { type: 'string', id: 3 },
            docString: { type: 'string', id: 6 },
            graph: { type: 'GraphProto', id: 7 },
            metadataProps: { rule: 'repeated', type: 'StringStringEntryProto', id: 14 },
          },
        },
        StringStringEntryProto: {
          fields: { key: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } },
        },
        OperatorSetIdProto: {
          fields: { domain: { type: 'string', id: 1 }, version: { type: 'int64', id: 2 } },
        },
        GraphProto: {
          fields: {
            node: { rule: 'repeated', type: 'NodeProto', id: 1 },
            name: { type: 'string', id: 2 },
            initializer: { rule: 'repeated', type: 'TensorProto', id: 5 },
            input: { rule: 'repeated', type: 'ValueInfoProto', id: 11 },
            output: { rule: 'repeated', type: 'ValueInfoProto', id: 12 },
          },
        },
        NodeProto: {
          fields: {
            input: { rule: 'repeated', type: 'string', id: 1 },
            output: { rule: 'repeated', type: 'string', id: 2 },
            name: { type: 'string', id: 3 },
            opType: { type: 'string', id: 4 },
            attribute: { rule: 'repeated', type: 'AttributeProto', id: 5 },
            domain: { type: 'string', id: 7 },
          },
        },
        AttributeProto: {
          fields: {
            name: { type: 'string', id: 1 },
            f: { type: 'float', id: 2 },
            i: { type: 'int64', id: 3 },
            s: { type: 'bytes', id: 4 },
            floats: { rule: 'repeated', type: 'float', id: 7 },
            ints: { rule: 'repeated', type: 'int64', id: 8 },
            type: { type: 'int32', id: 20 },
          },
        },
        TensorProto: {
          fields: {
            dims: { rule: 'repeated', type: 'int64', id: 1 },
            dataType: { type: 'int32', id: 2 },
            name: { type: 'string', id: 8 },
            rawData: { type: 'bytes', id: 9 },
          },
        },
        ValueInfoProto: { fields: { name: { type: 'string', id: 1 }, type: { type: 'TypeProto', id: 2 } } },
        TypeProto: { fields: { tensorType: { type: 'TypeProtoTensor', id: 1 } } },
        TypeProtoTensor: {
          fields: { elemType: { type: 'int32', id: 1 }, shape: { type: 'TensorShapeProto', id: 2 } },
        },
        TensorShapeProto: { fields: { dim: { rule: 'repeated', type: 'Dimension', id: 1 } } },
        Dimension: { fields: { dimValue: { type: 'int64', id: 1 }, dimParam: { type: 'string', id: 2 } } },
      },
    },
  },
};

const types: Descriptor = descriptor.nested.onnx.nested;

/** ONNX TensorProto.DataType values used here. */
export const DataType = { FLOAT: 1, INT64: 7 } as const;
/** ONNX AttributeProto.AttributeType values used here. */
export const AttributeType = { FLOAT: 1, INT: 2, STRING: 3, FLOATS: 6, INTS: 7 } as const;

type Int64 = number | { toNumber(): number };

export interface OnnxAttribute {
  name: string;
  type: number;
  f?: number;
  i?: Int64;
  s?: Uint8Array;
  floats?: number[];
  ints?: Int64[];
}
export interface OnnxNode {
  name: string;
  opType: string;
  input: string[];
  output: string[];
  attribute: OnnxAttribute[];
}
export interface OnnxTensor {
  name: string;
  dims: Int64[];
  dataType: number;
  rawData: Uint8Array;
}
export interface OnnxValueInfo {
  name: string;
  type: { tensorType: { elemType: number; shape?: { dim: ({ dimValue: Int64 } | { dimParam: string })[] } } };
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
  return encodeMessage(types, 'ModelProto', model);
}

export function decodeModel(bytes: Uint8Array): OnnxModel {
  const model = decodeMessage<OnnxModel>(types, 'ModelProto', bytes);
  // Keep only the value field the attribute's type names: ONNX rejects an attribute with two set.
  const field: Record<number, keyof OnnxAttribute> = { 1: 'f', 2: 'i', 3: 's', 6: 'floats', 7: 'ints' };
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
  const copy = new Uint8Array(tensor.rawData);
  return new Float32Array(copy.buffer, 0, copy.byteLength / 4);
}

export function attributeValue(node: OnnxNode, name: string): number | number[] | undefined {
  const attribute = node.attribute.find((a) => a.name === name);
  if (!attribute) return undefined;
  if (attribute.type === AttributeType.FLOAT) return attribute.f;
  if (attribute.type === AttributeType.INT) return toNumber(attribute.i);
  if (attribute.type === AttributeType.INTS) return (attribute.ints ?? []).map(toNumber);
  if (attribute.type === AttributeType.FLOATS) return attribute.floats;
  return undefined;
}

export function int64Data(tensor: OnnxTensor): BigInt64Array {
  const copy = new Uint8Array(tensor.rawData);
  return new BigInt64Array(copy.buffer, 0, copy.byteLength / 8);
}
