import type { FaultKind, FaultPlan } from '../layers/faults';

export class ConversionError extends Error {
  override name = 'ConversionError';
}

export interface ConvertOptions {
  /** Also expose every layer's output (channels-last, as in TF.js) as a graph output named `debug/<layer>`. */
  debug?: boolean;
  /** Seed a known conversion fault (for testing fault localization; layers models only). */
  inject?: FaultKind;
  /**
   * Fix the batch dimension instead of leaving it symbolic: onnxruntime-web's webgl backend refuses
   * symbolic dimensions ("expected shape '[,224,224,3]'"). The lab runs batch 1.
   */
  batchSize?: number;
}

export interface ConvertedModel {
  onnx: Uint8Array;
  inputName: string;
  outputName: string;
  /** Source (channels-last) input shape, batch null. */
  inputShape: (number | null)[];
  /** The source layers (or graph nodes) in graph order, with the ONNX tensor that holds each one's output. */
  layers: { name: string; className: string; debugOutput: string }[];
  injected: FaultPlan | null;
}
