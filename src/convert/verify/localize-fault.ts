import type { TfjsModelJson } from '../../core/tfjs-model-json';
import { convertLayersModel } from '../layers/convert-layers-model';
import type { FaultClass } from '../layers/faults';
import {
  decodeModel,
  encodeModel,
  floatData,
  int64Data,
  type OnnxModel,
  type OnnxNode,
  type OnnxTensor,
} from '../onnx/onnx-model';
import { DataType } from '../onnx/onnx-schema';
import { compareLayers, defaultTolerance, diffValues, type LayerDiff } from './compare-layers';

/** The two runtimes a verification needs; bound to TF.js and onnxruntime by the caller (Node or browser). */
export interface VerifyRuntimes {
  /** Every source layer's output by layer name, the input layer's included. */
  sourceActivations(input: Float32Array, shape: number[]): Promise<Map<string, Float32Array>>;
  /** Every graph output of an ONNX model by name. */
  runOnnx(model: Uint8Array, input: Float32Array, shape: number[]): Promise<Map<string, Float32Array>>;
}

export interface Diagnosis {
  layer: string;
  className: string;
  maxAbsDiff: number;
  relativeDiff: number;
  faultClass: FaultClass | 'numerical';
  /** What was checked and what it showed, in words. */
  evidence: string;
}

export interface Verification {
  diffs: LayerDiff[];
  /** null when every layer agrees within tolerance. */
  diagnosis: Diagnosis | null;
}

const ownedBy = (layer: string) => (node: { name: string }) =>
  node.name === layer || node.name.startsWith(`${layer}/`);

function nodesOf(model: OnnxModel, layer: string): OnnxNode[] {
  return model.graph.node.filter((n) => !n.name.startsWith('debug/') && ownedBy(layer)(n));
}

function attributesText(node: OnnxNode): Map<string, string> {
  return new Map(
    node.attribute.map((a) => [a.name, JSON.stringify(a.ints?.length ? a.ints : a.type === 1 ? a.f : a.i)]),
  );
}

/** Initializers of the layer whose values differ from the reference's (the source weights, laid out for ONNX). */
function differingInitializers(
  model: OnnxModel,
  reference: OnnxModel,
  layer: string,
): { name: string; maxAbsDiff: number }[] {
  const found: { name: string; maxAbsDiff: number }[] = [];
  for (const expected of reference.graph.initializer.filter(ownedBy(layer))) {
    if (expected.dataType !== 1) continue;
    const actual = model.graph.initializer.find((t) => t.name === expected.name);
    const diff = actual ? diffValues(floatData(expected), floatData(actual)).maxAbsDiff : Infinity;
    if (diff > 0) found.push({ name: expected.name, maxAbsDiff: diff });
  }
  return found;
}

/** Node-by-node differences in op type, wiring and attributes between the layer's nodes and the reference's. */
function nodeDifferences(
  model: OnnxModel,
  reference: OnnxModel,
  layer: string,
): { graph: string[]; attributes: string[] } {
  const actual = nodesOf(model, layer);
  const expected = nodesOf(reference, layer);
  const graph: string[] = [];
  const attributes: string[] = [];
  const ops = (nodes: OnnxNode[]) => nodes.map((n) => n.opType).join(' → ');
  if (ops(actual) !== ops(expected))
    return { graph: [`nodes ${ops(actual) || 'none'}, expected ${ops(expected)}`], attributes };
  expected.forEach((e, i) => {
    const a = actual[i];
    if (a.input.join() !== e.input.join())
      graph.push(`${a.name} reads ${a.input.join(', ')}, expected ${e.input.join(', ')}`);
    const [have, want] = [attributesText(a), attributesText(e)];
    for (const name of new Set([...have.keys(), ...want.keys()])) {
      if (have.get(name) !== want.get(name))
        attributes.push(
          `${a.opType} ${name} ${have.get(name) ?? 'missing (ONNX default)'}, expected ${want.get(name) ?? 'absent'}`,
        );
    }
  });
  // Integer constants the layer's nodes read (Pad's pads, Reshape's shape) are hyperparameters too.
  for (const e of reference.graph.initializer.filter(
    (t) => ownedBy(layer)(t) && t.dataType === DataType.INT64,
  )) {
    const a = model.graph.initializer.find((t) => t.name === e.name);
    const text = (t: OnnxTensor | undefined) => (t ? `[${Array.from(int64Data(t)).join(', ')}]` : 'missing');
    if (text(a) !== text(e)) attributes.push(`${e.name} ${text(a)}, expected ${text(e)}`);
  }
  return { graph, attributes };
}

/** The model with the layer's node attributes taken from the reference: the re-run with other hyperparameters. */
function withReferenceAttributes(model: OnnxModel, reference: OnnxModel, layer: string): Uint8Array {
  const expected = nodesOf(reference, layer);
  const patched = structuredClone(model);
  nodesOf(patched, layer).forEach((node, i) => (node.attribute = expected[i].attribute));
  for (const tensor of patched.graph.initializer.filter(
    (t) => ownedBy(layer)(t) && t.dataType === DataType.INT64,
  )) {
    tensor.rawData =
      reference.graph.initializer.find((t) => t.name === tensor.name)?.rawData ?? tensor.rawData;
  }
  return encodeModel(patched);
}

/** NHWC with height and width swapped (what a wrong input transpose feeds the model). */
function swapHeightWidth(input: Float32Array, [n, h, w, c]: number[]): Float32Array {
  const out = new Float32Array(input.length);
  for (let b = 0; b < n; b++)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        for (let k = 0; k < c; k++) out[((b * w + x) * h + y) * c + k] = input[((b * h + y) * w + x) * c + k];
  return out;
}

/**
 * Runs source and converted model on the same input, compares every layer, names the first that
 * diverges and classifies the fault. Heuristics, in order:
 * - input: the input layer itself diverges (the converted model reads the input differently); a
 *   height/width-swapped input is tried to name the layout fault;
 * - parameters: the layer's ONNX initializers differ from the source weights in ONNX layout
 *   (a clean conversion of the source is the reference for the layout);
 * - graph: the layer's ONNX nodes differ in op types or wiring from the reference conversion;
 * - hyperparameters: same nodes, different attributes (pads, strides, epsilon, alpha, axis, perm);
 *   confirmed by re-running with the reference attributes and checking the layer then agrees;
 * - numerical: none of the above explains the divergence.
 */
export async function verifyConversion(
  source: { json: TfjsModelJson; data: Uint8Array },
  converted: Uint8Array,
  runtimes: VerifyRuntimes,
  input: Float32Array,
  shape: number[],
  tolerance = defaultTolerance,
): Promise<Verification> {
  const reference = convertLayersModel(source.json, source.data, { debug: true });
  const activations = await runtimes.sourceActivations(input, shape);
  const outputs = await runtimes.runOnnx(converted, input, shape);
  const missing = reference.layers.filter((l) => !outputs.has(l.debugOutput));
  if (missing.length)
    throw new Error(
      `the converted model exposes no debug output for layer ${missing[0].name}: convert it with debug outputs`,
    );
  const { diffs, first } = compareLayers(reference.layers, activations, outputs, tolerance);
  if (!first) return { diffs, diagnosis: null };

  const model = decodeModel(converted);
  const expected = decodeModel(reference.onnx);
  const diagnosis = (faultClass: Diagnosis['faultClass'], evidence: string): Verification => ({
    diffs,
    diagnosis: { ...first, faultClass, evidence },
  });

  if (first.className === 'InputLayer') {
    const seen = outputs.get(reference.layers[0].debugOutput)!;
    const swapped = diffValues(swapHeightWidth(input, shape), seen).relativeDiff <= tolerance;
    return diagnosis(
      'input',
      swapped
        ? 'the converted model reads the NHWC input with height and width swapped'
        : 'the converted model transforms the input differently from the source (layout or preprocessing)',
    );
  }
  const weights = differingInitializers(model, expected, first.layer);
  if (weights.length) {
    return diagnosis(
      'parameters',
      `initializers differ from the source weights: ${weights.map((w) => `${w.name} (max abs diff ${w.maxAbsDiff.toExponential(2)})`).join(', ')}`,
    );
  }
  const nodes = nodeDifferences(model, expected, first.layer);
  if (nodes.graph.length) return diagnosis('graph', nodes.graph.join('; '));
  if (nodes.attributes.length) {
    const rerun = await runtimes.runOnnx(withReferenceAttributes(model, expected, first.layer), input, shape);
    const layer = reference.layers.find((l) => l.name === first.layer)!;
    const fixed =
      diffValues(activations.get(first.layer)!, rerun.get(layer.debugOutput)!).relativeDiff <= tolerance;
    return diagnosis(
      'hyperparameters',
      `${nodes.attributes.join('; ')}; re-run with the expected attributes ${fixed ? 'agrees with the source' : 'still diverges'}`,
    );
  }
  return diagnosis(
    'numerical',
    'weights, nodes and attributes match the reference conversion: a runtime numerical difference',
  );
}

/** Parameter repair: every float initializer that differs from the source weights is overwritten with them. */
export function repairParameters(
  source: { json: TfjsModelJson; data: Uint8Array },
  converted: Uint8Array,
): { model: Uint8Array; repaired: string[] } {
  const model = decodeModel(converted);
  const reference = new Map(
    decodeModel(convertLayersModel(source.json, source.data).onnx).graph.initializer.map((t) => [t.name, t]),
  );
  const repaired: string[] = [];
  for (const tensor of model.graph.initializer) {
    const expected = reference.get(tensor.name);
    if (
      !expected ||
      expected.dataType !== 1 ||
      diffValues(floatData(expected), floatData(tensor)).maxAbsDiff === 0
    )
      continue;
    tensor.rawData = expected.rawData;
    repaired.push(tensor.name);
  }
  return { model: encodeModel(model), repaired };
}
