import { weightSpecs, type TfjsModelJson } from '../core/tfjs-model-json';
import { readTopology } from '../convert/layers/layers-topology';
import { decodeWeights } from '../convert/shared/decode-weights';
import { encodeWeights, type TfjsModelBytes } from '../localize/tfjs-faults';

/** The one weight file every bundled TF.js model has. */
export const bundleWeightsFile = 'weights.bin';

/** A TF.js model as bundle files: `model.json` and one unquantized float32 shard. */
export interface BundledTfjsModel {
  files: Record<string, Uint8Array>;
  /** The model's input and output layer names. */
  input: string;
  output: string;
}

function asFiles(json: TfjsModelJson, data: Uint8Array): Record<string, Uint8Array> {
  return { 'model.json': new TextEncoder().encode(JSON.stringify(json)), [bundleWeightsFile]: data };
}

/** The weights a model (or only those `keep` names) holds, re-encoded unquantized as the bundle's one shard. */
function repack(model: TfjsModelBytes, keep: (name: string) => boolean = () => true) {
  const specs = weightSpecs(model.json).filter((s) => keep(s.name));
  const weights = decodeWeights(weightSpecs(model.json), model.data);
  const unquantized = specs.map(({ name, shape, dtype }) => ({ name, shape, dtype }));
  return {
    manifest: [{ paths: [bundleWeightsFile], weights: unquantized }],
    data: encodeWeights(specs, weights),
  };
}

/** The whole layers model, weights unquantized in one shard: the fallback when a layer cannot run alone. */
export function wholeLayersModel(model: TfjsModelBytes): BundledTfjsModel {
  const { inputName, outputName } = readTopology(model.json);
  const { manifest, data } = repack(model);
  return {
    files: asFiles({ ...model.json, weightsManifest: manifest }, data),
    input: inputName,
    output: outputName,
  };
}

/**
 * One layer of a layers model as a model of its own: an InputLayer of the shape the layer reads, then
 * the layer with its class name and config as model.json has them, and only its weights (by the
 * manifest's `<layer>/…` names, scope prefix allowed). Throws, saying why, for a layer that reads more
 * than one tensor.
 */
export function singleLayerModel(
  model: TfjsModelBytes,
  layerName: string,
  inputShape: number[],
): BundledTfjsModel {
  const layer = readTopology(model.json).layers.find((l) => l.name === layerName);
  if (!layer) throw new Error(`model.json has no layer ${layerName}`);
  if (layer.inbound.length !== 1)
    throw new Error(`layer ${layerName} (${layer.className}) reads ${layer.inbound.length} tensors, not one`);
  const input = `${layerName}_repro_input`;
  const topology = {
    class_name: 'Model',
    config: {
      name: `repro_${layerName}`,
      layers: [
        {
          class_name: 'InputLayer',
          name: input,
          config: {
            batch_input_shape: [null, ...inputShape.slice(1)],
            dtype: 'float32',
            sparse: false,
            name: input,
          },
          inbound_nodes: [],
        },
        {
          class_name: layer.className,
          name: layerName,
          config: layer.config,
          inbound_nodes: [[[input, 0, 0, {}]]],
        },
      ],
      input_layers: [[input, 0, 0]],
      output_layers: [[layerName, 0, 0]],
    },
    keras_version: 'tfjs-layers',
    backend: 'tensor_flow.js',
  };
  const own = (name: string) => name.startsWith(`${layerName}/`) || name.includes(`/${layerName}/`);
  const { manifest, data } = repack(model, own);
  const json = {
    format: 'layers-model',
    generatedBy: 'crosscheck repro bundle',
    modelTopology: topology,
    weightsManifest: manifest,
  };
  return { files: asFiles(json, data), input, output: layerName };
}
