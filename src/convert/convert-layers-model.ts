import { decodeWeights, type Weight, type WeightSpec } from './decode-weights';
import { faultyWeight, planFault, type FaultKind, type FaultPlan } from './faults';
import { attr, GraphBuilder, type Value } from './graph-builder';
import { ConversionError, layerConverters } from './layer-converters';
import { readTopology, type LayerSpec } from './layers-topology';
import { DataType, encodeModel, type OnnxValueInfo } from './onnx-proto';

export interface LayersModelJson {
  format?: string;
  modelTopology?: unknown;
  weightsManifest?: { paths: string[]; weights: WeightSpec[] }[];
}

export interface ConvertOptions {
  /** Also expose every layer's output (channels-last, as in TF.js) as a graph output named `debug/<layer>`. */
  debug?: boolean;
  /** Seed a known conversion fault (for testing fault localization). */
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
  /** The source layers in graph order, with the ONNX tensor that holds each one's output. */
  layers: { name: string; className: string; debugOutput: string }[];
  injected: FaultPlan | null;
}

/** The layout contract, written into the ONNX metadata and stated in the manifests and README. */
export const layoutNote =
  'input stays NHWC as in TF.js (same input bytes for both frameworks); one Transpose to NCHW follows the input, ' +
  'and values are transposed back to NHWC before Flatten/Reshape and at exposed outputs';

/** All weight bytes of the manifest, concatenated in manifest order, as TF.js reads them. */
export function weightSpecs(json: LayersModelJson): WeightSpec[] {
  return (json.weightsManifest ?? []).flatMap((group) => group.weights);
}

/** Finds a layer's weight: the manifest name is `<layer>/<key>`, possibly behind a scope prefix. */
export function weightLookup(weights: Map<string, Weight>) {
  return (layer: string, key: string): Weight | undefined => {
    const exact = weights.get(`${layer}/${key}`);
    if (exact) return exact;
    for (const [name, weight] of weights) if (name.endsWith(`/${layer}/${key}`)) return weight;
    return undefined;
  };
}

function topologicalOrder(layers: LayerSpec[]): LayerSpec[] {
  const byName = new Map(layers.map((l) => [l.name, l]));
  const done = new Set<string>();
  const order: LayerSpec[] = [];
  const visit = (layer: LayerSpec, path: string[]) => {
    if (done.has(layer.name)) return;
    if (path.includes(layer.name)) throw new ConversionError(`layer ${layer.name}: cycle in the layer graph`);
    for (const name of layer.inbound) {
      const inbound = byName.get(name);
      if (!inbound) throw new ConversionError(`layer ${layer.name}: input layer ${name} does not exist`);
      visit(inbound, [...path, layer.name]);
    }
    done.add(layer.name);
    order.push(layer);
  };
  layers.forEach((l) => visit(l, []));
  return order;
}

export function valueInfo(name: string, shape: (number | null)[], batchSize?: number): OnnxValueInfo {
  return {
    name,
    type: {
      tensorType: {
        elemType: DataType.FLOAT,
        shape: {
          dim: shape.map((d) => (d !== null ? { dimValue: d } : batchSize ? { dimValue: batchSize } : { dimParam: 'batch' })),
        },
      },
    },
  };
}

/**
 * Converts a TF.js layers model (model.json + its weight bytes concatenated in manifest order) to an
 * ONNX model (opset 13). Pure: no Node or DOM APIs, so it runs in Node and in the browser.
 * An unsupported layer class stops the conversion with an error naming it and the layer.
 */
export function convertLayersModel(
  json: LayersModelJson,
  weightData: Uint8Array,
  options: ConvertOptions = {},
): ConvertedModel {
  const topology = readTopology(json);
  const layers = topologicalOrder(topology.layers);
  const unsupported = layers.filter((l) => l.className !== 'InputLayer' && !layerConverters[l.className]);
  if (unsupported.length) {
    throw new ConversionError(
      `unsupported layer ${unsupported.map((l) => `${l.className} (layer ${l.name})`).join(', ')}`,
    );
  }
  const weights = decodeWeights(weightSpecs(json), weightData);
  const lookup = weightLookup(weights);
  const injected = options.inject ? planFault(options.inject, layers, lookup) : null;

  const g = new GraphBuilder();
  const values = new Map<string, Value>();
  const debugOutputs: OnnxValueInfo[] = [];
  const records: ConvertedModel['layers'] = [];
  const shape = topology.inputShape;
  if (shape.length !== 4)
    throw new ConversionError(
      `input ${topology.inputName}: rank ${shape.length}, only NHWC images (rank 4) are supported`,
    );

  for (const layer of layers) {
    const fault = injected?.layer === layer.name ? injected.kind : null;
    let value: Value;
    if (layer.className === 'InputLayer') {
      if (layer.name !== topology.inputName)
        throw new ConversionError(`layer ${layer.name}: a second input is not supported`);
      // The seeded layout fault swaps height and width (NHWC read as NWHC).
      const perm = fault === 'layout' ? [0, 3, 2, 1] : [0, 3, 1, 2];
      g.node(
        'Transpose',
        `${layer.name}/nchw`,
        [layer.name],
        [`${layer.name}/nchw`],
        [attr.ints('perm', perm)],
      );
      value = { name: `${layer.name}/nchw`, shape, nchw: true };
    } else {
      const inputs = layer.inbound.map((name) => values.get(name)!);
      const weight = (key: string): Weight => {
        const found = lookup(layer.name, key);
        if (!found)
          throw new ConversionError(
            `layer ${layer.name} (${layer.className}): weight ${layer.name}/${key} is missing from the weights manifest`,
          );
        return fault === 'weights' || fault === 'fp16-weights' ? faultyWeight(fault, found) : found;
      };
      value = layerConverters[layer.className]({ layer, inputs, g, weight, fault });
    }
    values.set(layer.name, value);
    const debugOutput = `debug/${layer.name}`;
    records.push({ name: layer.name, className: layer.className, debugOutput });
    if (options.debug) {
      if (value.nchw) g.toNhwc(value, debugOutput);
      else g.node('Identity', debugOutput, [value.name], [debugOutput]);
      debugOutputs.push(valueInfo(debugOutput, value.shape, options.batchSize));
    }
  }

  const last = values.get(topology.outputName);
  if (!last) throw new ConversionError(`output layer ${topology.outputName} does not exist`);
  const outputName = last.nchw ? g.toNhwc(last, `${topology.outputName}/nhwc`) : last.name;
  const onnx = encodeModel({
    irVersion: 7,
    opsetImport: [{ domain: '', version: 13 }],
    producerName: 'crosscheck-convert',
    producerVersion: '1',
    metadataProps: [
      { key: 'layout', value: layoutNote },
      ...(injected ? [{ key: 'injected-fault', value: `${injected.kind} at ${injected.layer}` }] : []),
    ],
    graph: {
      name: topology.outputName,
      node: g.nodes,
      initializer: g.initializers,
      input: [valueInfo(topology.inputName, shape, options.batchSize)],
      output: [valueInfo(outputName, last.shape, options.batchSize), ...debugOutputs],
    },
  });
  return { onnx, inputName: topology.inputName, outputName, inputShape: shape, layers: records, injected };
}
