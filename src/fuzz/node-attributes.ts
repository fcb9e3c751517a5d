import { AttributeType } from '../convert/onnx/onnx-schema';
import { toNumber, type OnnxAttribute, type OnnxNode } from '../convert/onnx/onnx-model';

/** Reading and writing the few attribute kinds the fuzzer's operators take. */
export function intAttr(node: OnnxNode, name: string, fallback: number): number {
  const a = node.attribute.find((x) => x.name === name);
  return a ? toNumber(a.i) : fallback;
}

export function intsAttr(node: OnnxNode, name: string, fallback: number[]): number[] {
  const a = node.attribute.find((x) => x.name === name);
  return a ? (a.ints ?? []).map(toNumber) : fallback;
}

export function floatAttr(node: OnnxNode, name: string, fallback: number): number {
  return node.attribute.find((x) => x.name === name)?.f ?? fallback;
}

export function stringAttr(node: OnnxNode, name: string, fallback: string): string {
  const s = node.attribute.find((x) => x.name === name)?.s;
  return s ? new TextDecoder().decode(s) : fallback;
}

export type AttrValue = number | number[] | string | { float: number };

/** `{ group: 2, strides: [1, 2], mode: 'linear', alpha: { float: 0.5 } }` as ONNX attributes. */
export function attributes(values: Record<string, AttrValue>): OnnxAttribute[] {
  return Object.entries(values).map(([name, v]) => {
    if (typeof v === 'number') return { name, type: AttributeType.INT, i: v };
    if (typeof v === 'string') return { name, type: AttributeType.STRING, s: new TextEncoder().encode(v) };
    if (Array.isArray(v)) return { name, type: AttributeType.INTS, ints: v };
    return { name, type: AttributeType.FLOAT, f: v.float };
  });
}

/** An attribute's value as coverage reports it: `strides=1,2`, `mode=linear`. */
export function describeAttribute(a: OnnxAttribute): string {
  if (a.type === AttributeType.INTS) return `${a.name}=${(a.ints ?? []).map(toNumber).join(',')}`;
  if (a.type === AttributeType.STRING) return `${a.name}=${new TextDecoder().decode(a.s)}`;
  if (a.type === AttributeType.FLOAT) return `${a.name}=${a.f}`;
  return `${a.name}=${toNumber(a.i)}`;
}
