import type { GraphBuilder } from './graph-builder';

/**
 * The ONNX names a converter derives from one source layer or node. Each converter keeps its own
 * spelling (layers `<layer>/kernel`, graph `<node>#kernel`), so its output stays byte-for-byte stable.
 */
export interface DerivedNames {
  kernel: string;
  bias: string;
  /** The main op's output when an activation follows it. */
  preactivation: string;
  /** The fused activation's node. */
  activation: string;
  clipMin: string;
  clipMax: string;
}

/** What the shared emitters need from a layer's or a node's converter context. */
export interface EmitContext {
  g: GraphBuilder;
  /** The source layer's or node's name: the ONNX name of its output. */
  name: string;
  derived: DerivedNames;
  /** Stops the conversion with an error naming the layer or node. */
  fail(message: string): never;
}
