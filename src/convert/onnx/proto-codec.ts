/**
 * A small protobuf codec driven by a JSON descriptor (the protobufjs descriptor format), with no code
 * generation: the app's Content-Security-Policy forbids eval, which protobufjs's generated coders need.
 * Supports the field types onnx-proto uses; repeated numbers are written packed (as protobufjs does) and
 * read packed or not; int64 reads as Number.
 */
export interface FieldDescriptor {
  type: string;
  id: number;
  rule?: string;
}
export type Descriptor = Record<string, { fields: Record<string, FieldDescriptor> }>;

type Plain = Record<string, unknown>;
const varintTypes = new Set(['int64', 'int32', 'uint64', 'uint32', 'bool']);
const isScalar = (type: string) => varintTypes.has(type) || type === 'float';

class ByteWriter {
  #buf = new Uint8Array(1024);
  #len = 0;
  #room(n: number): void {
    if (this.#len + n <= this.#buf.length) return;
    const grown = new Uint8Array(Math.max(this.#buf.length * 2, this.#len + n));
    grown.set(this.#buf.subarray(0, this.#len));
    this.#buf = grown;
  }
  varint(value: bigint): void {
    let v = BigInt.asUintN(64, value);
    this.#room(10);
    while (v >= 0x80n) {
      this.#buf[this.#len++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.#buf[this.#len++] = Number(v);
  }
  float(value: number): void {
    this.#room(4);
    new DataView(this.#buf.buffer).setFloat32(this.#len, value, true);
    this.#len += 4;
  }
  bytes(value: Uint8Array): void {
    this.varint(BigInt(value.length));
    this.#room(value.length);
    this.#buf.set(value, this.#len);
    this.#len += value.length;
  }
  finish(): Uint8Array {
    return this.#buf.slice(0, this.#len);
  }
}

const toBigInt = (value: unknown): bigint =>
  typeof value === 'object' && value !== null && 'toString' in value
    ? BigInt((value as { toString(): string }).toString())
    : BigInt(Math.trunc(Number(value)));

function writeScalar(w: ByteWriter, type: string, value: unknown): void {
  if (type === 'float') w.float(Number(value));
  else w.varint(type === 'bool' ? (value ? 1n : 0n) : toBigInt(value));
}

function encodeInto(w: ByteWriter, types: Descriptor, typeName: string, message: Plain): void {
  const fields = Object.entries(types[typeName].fields).sort(([, a], [, b]) => a.id - b.id);
  for (const [name, field] of fields) {
    const value = message[name];
    if (value === undefined || value === null) continue;
    const values = field.rule === 'repeated' ? (value as unknown[]) : [value];
    if (field.rule === 'repeated' && isScalar(field.type)) {
      if (!values.length) continue;
      const packed = new ByteWriter();
      for (const v of values) writeScalar(packed, field.type, v);
      w.varint(BigInt((field.id << 3) | 2));
      w.bytes(packed.finish());
      continue;
    }
    for (const v of values) {
      if (isScalar(field.type)) {
        w.varint(BigInt((field.id << 3) | (field.type === 'float' ? 5 : 0)));
        writeScalar(w, field.type, v);
        continue;
      }
      w.varint(BigInt((field.id << 3) | 2));
      if (field.type === 'string') w.bytes(new TextEncoder().encode(String(v)));
      else if (field.type === 'bytes') w.bytes(v as Uint8Array);
      else {
        const inner = new ByteWriter();
        encodeInto(inner, types, field.type, v as Plain);
        w.bytes(inner.finish());
      }
    }
  }
}

export function encodeMessage(types: Descriptor, typeName: string, message: object): Uint8Array {
  const w = new ByteWriter();
  encodeInto(w, types, typeName, message as Plain);
  return w.finish();
}

class ByteReader {
  pos: number;
  constructor(
    readonly buf: Uint8Array,
    start: number,
    readonly end: number,
  ) {
    this.pos = start;
  }
  varint(): bigint {
    let result = 0n;
    for (let shift = 0n; ; shift += 7n) {
      if (this.pos >= this.end) throw new Error('truncated varint');
      const byte = this.buf[this.pos++];
      result |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return result;
      if (shift > 63n) throw new Error('varint too long');
    }
  }
  length(): number {
    const n = Number(this.varint());
    if (this.pos + n > this.end) throw new Error(`length ${n} runs past the end of the data`);
    return n;
  }
  float(): number {
    if (this.pos + 4 > this.end) throw new Error('truncated float');
    const value = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 4).getFloat32(0, true);
    this.pos += 4;
    return value;
  }
  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 2) {
      const n = this.length();
      this.pos += n;
    } else if (wire === 5) this.pos += 4;
    else throw new Error(`unsupported wire type ${wire}`);
    if (this.pos > this.end) throw new Error('field runs past the end of the data');
  }
}

function readScalar(r: ByteReader, type: string): number | boolean {
  if (type === 'float') return r.float();
  const v = r.varint();
  if (type === 'bool') return v !== 0n;
  return type.startsWith('u')
    ? Number(v)
    : Number(type === 'int32' ? BigInt.asIntN(32, v) : BigInt.asIntN(64, v));
}

function decodeFrom(r: ByteReader, types: Descriptor, typeName: string): Plain {
  const descriptor = types[typeName].fields;
  const byId = new Map(Object.entries(descriptor).map(([name, field]) => [field.id, { name, ...field }]));
  const message: Plain = {};
  for (const [name, field] of Object.entries(descriptor)) if (field.rule === 'repeated') message[name] = [];
  while (r.pos < r.end) {
    const tag = Number(r.varint());
    const [id, wire] = [tag >>> 3, tag & 7];
    const field = byId.get(id);
    if (!field) {
      r.skip(wire);
      continue;
    }
    const put = (v: unknown) =>
      field.rule === 'repeated' ? (message[field.name] as unknown[]).push(v) : (message[field.name] = v);
    if (isScalar(field.type)) {
      if (wire === 2 && field.rule === 'repeated') {
        const n = r.length();
        const end = r.pos + n;
        const packed = new ByteReader(r.buf, r.pos, end);
        while (packed.pos < end) put(readScalar(packed, field.type));
        r.pos = end;
      } else put(readScalar(r, field.type));
      continue;
    }
    if (wire !== 2)
      throw new Error(`${typeName}.${field.name}: wire type ${wire}, expected length-delimited`);
    const n = r.length();
    const start = r.pos;
    r.pos += n;
    if (field.type === 'string') put(new TextDecoder().decode(r.buf.subarray(start, start + n)));
    else if (field.type === 'bytes') put(r.buf.slice(start, start + n));
    else put(decodeFrom(new ByteReader(r.buf, start, start + n), types, field.type));
  }
  return message;
}

export function decodeMessage<T>(types: Descriptor, typeName: string, bytes: Uint8Array): T {
  return decodeFrom(new ByteReader(bytes, 0, bytes.length), types, typeName) as T;
}
