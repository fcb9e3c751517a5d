import { weightSpecs, type TfjsModelJson } from '../core/tfjs-model-json';
import { readGraph, type TfNode } from '../convert/graph/graph-topology';
import { readTopology } from '../convert/layers/layers-topology';
import { decodeWeights } from '../convert/shared/decode-weights';
import { encodeWeights, type TfjsModelBytes } from '../localize/tfjs-faults';
import { isGraphModel } from '../localize/tfjs-nodes';

/** The one weight file every bundled TF.js model has. */
export const bundleWeightsFile = 'weights.bin';

/** A TF.js model as bundle files: `model.json` and one unquantized float32 shard. */
export interface BundledTfjsModel {
  files: Record<string, Uint8Array>;
  /** The model's input and output layer (or node) names. */
  input: string;
  output: string;
  /** The original model's tensor its input stands for (the layer or node before the call, or the model's input). */
  reads: string;
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

/** A graph model's one Placeholder and first output. */
function graphEnds(model: TfjsModelBytes) {
  const { nodes, outputs } = readGraph(model.json);
  const placeholders = [...nodes.values()].filter((n) => n.op === 'Placeholder');
  if (placeholders.length !== 1 || outputs.length !== 1)
    throw new Error(
      `the graph model has ${placeholders.length} inputs and ${outputs.length} outputs, not one each`,
    );
  return { nodes, inputName: placeholders[0].name, outputName: outputs[0] };
}

/** The whole model (layers or graph), weights unquantized in one shard: the fallback when one call cannot run alone. */
export function wholeTfjsModel(model: TfjsModelBytes): BundledTfjsModel {
  const { inputName, outputName } = isGraphModel(model.json) ? graphEnds(model) : readTopology(model.json);
  const { manifest, data } = repack(model);
  return {
    files: asFiles({ ...model.json, weightsManifest: manifest }, data),
    input: inputName,
    output: outputName,
    reads: inputName,
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
  return { files: asFiles(json, data), input, output: layerName, reads: layer.inbound[0] };
}

/**
 * One node of a graph model as a graph model of its own: a Placeholder (named as the node it reads, of
 * that tensor's shape) for its one computed input, the Const nodes it reads with their weights, and the
 * node with its op and attributes as model.json has them. Throws, saying why, for a node that reads more
 * than one computed tensor.
 */
export function singleGraphNodeModel(
  model: TfjsModelBytes,
  nodeName: string,
  inputShape: (input: string) => number[] | undefined,
): BundledTfjsModel {
  const { nodes } = graphEnds(model);
  const node = nodes.get(nodeName);
  if (!node) throw new Error(`model.json has no node ${nodeName}`);
  const reads = node.inputs.map((name) => nodes.get(name)!);
  const computed = reads.filter((n) => n.op !== 'Const');
  if (computed.length !== 1)
    throw new Error(`node ${nodeName} (${node.op}) reads ${computed.length} computed tensors, not one`);
  const [input] = computed;
  const shape = inputShape(input.name);
  if (!shape) throw new Error(`node ${nodeName}: no captured value of its input ${input.name}`);
  const placeholder: TfNode = {
    name: input.name,
    op: 'Placeholder',
    attr: {
      dtype: { type: 'DT_FLOAT' },
      shape: { shape: { dim: shape.map((size) => ({ size: String(size) })) } },
    },
  };
  const raw = (n: TfNode): TfNode => ({ name: n.name, op: n.op, attr: n.attr, input: n.input });
  const consts = reads.filter((n) => n.op === 'Const').map(raw);
  // Control inputs (^name) name nodes left out.
  const call = { ...raw(node), input: node.input?.filter((i) => !i.startsWith('^')) };
  const keep = new Set(consts.map((n) => n.name));
  const { manifest, data } = repack(model, (name) => keep.has(name));
  const topology = { ...model.json.modelTopology, node: [placeholder, ...consts, call] };
  const json = {
    format: 'graph-model',
    generatedBy: 'crosscheck repro bundle',
    modelTopology: topology,
    weightsManifest: manifest,
  };
  return { files: asFiles(json, data), input: input.name, output: nodeName, reads: input.name };
}
