import { ByteBuffer } from 'flatbuffers';
import type { TensorDtype, TensorInfo } from '../tensor';

/** How a quantized tensor's integers map to reals: real = scale * (q - zeroPoint), per tensor or per channel. */
export interface Quantization {
  scale: number[];
  zeroPoint: number[];
}

export interface TfliteTensorInfo extends TensorInfo {
  /** The TFLite element type by name (e.g. "UINT8"), kept when Crosscheck has no dtype for it. */
  tfliteType: string;
  quantization: Quantization | null;
}

export interface TfliteSignature {
  inputs: TfliteTensorInfo[];
  outputs: TfliteTensorInfo[];
  description: string | null;
}

// TFLite's TensorType enum (tensorflow/lite/schema/schema.fbs), by value.
const tfliteTypes = [
  'FLOAT32',
  'FLOAT16',
  'INT32',
  'UINT8',
  'INT64',
  'STRING',
  'BOOL',
  'INT16',
  'COMPLEX64',
  'INT8',
  'FLOAT64',
  'COMPLEX128',
  'UINT64',
  'RESOURCE',
  'VARIANT',
  'UINT32',
  'UINT16',
  'INT4',
  'BFLOAT16',
];
const dtypeByTfliteType: Record<string, TensorDtype> = {
  FLOAT32: 'float32',
  FLOAT16: 'float16',
  INT32: 'int32',
  UINT8: 'uint8',
  INT64: 'int64',
  BOOL: 'bool',
  INT8: 'int8',
};

// Field numbers in schema.fbs; a flatbuffer vtable slot is 4 + 2 * field number.
const Model = { description: 3, subgraphs: 2 };
const SubGraph = { tensors: 0, inputs: 1, outputs: 2 };
const Tensor = { shape: 0, type: 1, name: 3, quantization: 4, shapeSignature: 7 };
const QuantizationParameters = { scale: 2, zeroPoint: 3 };

/** Reads only the schema fields the lab needs, with bounds checks, so a damaged file fails with a message. */
class Reader {
  readonly #bb: ByteBuffer;

  constructor(bytes: Uint8Array) {
    this.#bb = new ByteBuffer(bytes);
  }

  root(): number {
    return this.#bb.readUint32(0);
  }

  identifier(): string {
    return this.#bb.getBufferIdentifier();
  }

  #field(table: number, field: number): number {
    return this.#bb.__offset(table, 4 + 2 * field);
  }

  table(table: number, field: number): number | null {
    const o = this.#field(table, field);
    return o ? this.#bb.__indirect(table + o) : null;
  }

  string(table: number, field: number): string | null {
    const o = this.#field(table, field);
    return o ? (this.#bb.__string(table + o) as string) : null;
  }

  int8(table: number, field: number): number {
    const o = this.#field(table, field);
    return o ? this.#bb.readInt8(table + o) : 0;
  }

  tables(table: number, field: number): number[] {
    const o = this.#field(table, field);
    if (!o) return [];
    const start = this.#bb.__vector(table + o);
    return Array.from({ length: this.#bb.__vector_len(table + o) }, (_, i) =>
      this.#bb.__indirect(start + 4 * i),
    );
  }

  int32s(table: number, field: number): number[] | null {
    const o = this.#field(table, field);
    if (!o) return null;
    const start = this.#bb.__vector(table + o);
    return Array.from({ length: this.#bb.__vector_len(table + o) }, (_, i) =>
      this.#bb.readInt32(start + 4 * i),
    );
  }

  float32s(table: number, field: number): number[] {
    const o = this.#field(table, field);
    if (!o) return [];
    const start = this.#bb.__vector(table + o);
    return Array.from({ length: this.#bb.__vector_len(table + o) }, (_, i) =>
      this.#bb.readFloat32(start + 4 * i),
    );
  }

  int64s(table: number, field: number): number[] {
    const o = this.#field(table, field);
    if (!o) return [];
    const start = this.#bb.__vector(table + o);
    return Array.from({ length: this.#bb.__vector_len(table + o) }, (_, i) =>
      Number(this.#bb.readInt64(start + 8 * i)),
    );
  }
}

function tensorInfo(reader: Reader, tensor: number): TfliteTensorInfo {
  const typeValue = reader.int8(tensor, Tensor.type);
  const tfliteType = tfliteTypes[typeValue] ?? `type ${typeValue}`;
  // shape_signature marks dynamic dimensions with -1; old converters write only shape.
  const dims = reader.int32s(tensor, Tensor.shapeSignature) ?? reader.int32s(tensor, Tensor.shape);
  const params = reader.table(tensor, Tensor.quantization);
  const scale = params === null ? [] : reader.float32s(params, QuantizationParameters.scale);
  return {
    name: reader.string(tensor, Tensor.name) ?? '',
    dtype: dtypeByTfliteType[tfliteType] ?? null,
    shape: dims ? dims.map((d) => (d < 0 ? null : d)) : null,
    tfliteType,
    quantization:
      params === null || scale.length === 0
        ? null
        : { scale, zeroPoint: reader.int64s(params, QuantizationParameters.zeroPoint) },
  };
}

/**
 * The inputs and outputs of a TFLite model's main subgraph (names, dtypes, shapes, quantization), read
 * straight from the flatbuffer, so a user's .tflite is described without loading a runtime.
 */
export function readTfliteSignature(bytes: Uint8Array, fileName: string): TfliteSignature {
  if (bytes.byteLength < 16)
    throw new Error(`${fileName}: ${bytes.byteLength} bytes is too short for a TFLite model`);
  const reader = new Reader(bytes);
  if (reader.identifier() !== 'TFL3') {
    throw new Error(
      `${fileName}: not a TFLite model (file identifier "${reader.identifier()}", expected "TFL3")`,
    );
  }
  try {
    const model = reader.root();
    const [subgraph] = reader.tables(model, Model.subgraphs);
    if (subgraph === undefined) throw new Error('no subgraph');
    const tensors = reader.tables(subgraph, SubGraph.tensors);
    const pick = (indices: number[] | null, what: string) =>
      (indices ?? []).map((index) => {
        const tensor = tensors[index];
        if (tensor === undefined) throw new Error(`${what} tensor index ${index} out of ${tensors.length}`);
        return tensorInfo(reader, tensor);
      });
    return {
      inputs: pick(reader.int32s(subgraph, SubGraph.inputs), 'input'),
      outputs: pick(reader.int32s(subgraph, SubGraph.outputs), 'output'),
      description: reader.string(model, Model.description),
    };
  } catch (error) {
    throw new Error(`${fileName}: damaged TFLite flatbuffer (${(error as Error).message})`);
  }
}
