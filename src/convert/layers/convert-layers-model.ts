import { weightSpecs, type TfjsModelJson } from '../../core/tfjs-model-json';
import { ConversionError, type ConvertedModel, type ConvertOptions } from '../shared/conversion';
import { ConvertedGraph } from '../shared/converted-graph';
import { decodeWeights, type Weight } from '../shared/decode-weights';
import type { Value } from '../shared/graph-builder';
import { nchwOrder } from '../shared/shapes';
import { faultyWeight, planFault } from './faults';
import { layerConverters, layerNames } from './layer-converters';
import { readTopology, topologicalOrder, weightLookup } from './layers-topology';

/** The layout contract, written into the ONNX metadata and stated in the manifests and README. */
export const layoutNote =
  'input stays NHWC as in TF.js (same input bytes for both frameworks); one Transpose to NCHW follows the input, ' +
  'and values are transposed back to NHWC before Flatten/Reshape and at exposed outputs';

/**
 * Converts a TF.js layers model (model.json + its weight bytes concatenated in manifest order) to an
 * ONNX model (opset 13). Pure: no Node or DOM APIs, so it runs in Node and in the browser.
 * An unsupported layer class stops the conversion with an error naming it and the layer.
 */
export function convertLayersModel(
  json: TfjsModelJson,
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

  const g = new ConvertedGraph(options);
  const values = new Map<string, Value>();
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
      const perm = fault === 'layout' ? [0, 3, 2, 1] : nchwOrder;
      value = { name: g.transpose(layer.name, `${layer.name}/nchw`, perm), shape, nchw: true };
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
      const fail = (message: string): never => {
        throw new ConversionError(`layer ${layer.name} (${layer.className}): ${message}`);
      };
      value = layerConverters[layer.className]({
        layer,
        inputs,
        g,
        name: layer.name,
        derived: layerNames(layer.name),
        weight,
        fault,
        fail,
      });
    }
    values.set(layer.name, value);
    g.record(layer.name, layer.className, value);
  }

  const last = values.get(topology.outputName);
  if (!last) throw new ConversionError(`output layer ${topology.outputName} does not exist`);
  const outputName = last.nchw ? g.toNhwc(last, `${topology.outputName}/nhwc`) : last.name;
  const onnx = g.encode({
    name: topology.outputName,
    layoutNote,
    metadata: injected ? [{ key: 'injected-fault', value: `${injected.kind} at ${injected.layer}` }] : [],
    input: { name: topology.inputName, shape },
    output: { name: outputName, shape: last.shape },
  });
  return { onnx, inputName: topology.inputName, outputName, inputShape: shape, layers: g.layers, injected };
}
