import type { Weight } from '../shared/decode-weights';
import { ConversionError } from '../shared/conversion';

/** A Keras layer as saved in a TF.js layers model.json, with the names of the layers feeding it. */
export interface LayerSpec {
  className: string;
  name: string;
  config: Record<string, unknown>;
  inbound: string[];
}

export interface LayersTopology {
  layers: LayerSpec[];
  inputName: string;
  /** Source (NHWC) input shape, batch dimension null. */
  inputShape: (number | null)[];
  outputName: string;
}

interface RawLayer {
  class_name: string;
  name?: string;
  config: Record<string, unknown> & { name?: string };
  inbound_nodes?: unknown;
}

function inboundNames(layer: RawLayer, name: string): string[] {
  const nodes = layer.inbound_nodes;
  if (!Array.isArray(nodes) || nodes.length === 0) return [];
  if (nodes.length > 1)
    throw new Error(
      `layer ${name} (${layer.class_name}) is shared (called ${nodes.length} times): not supported`,
    );
  const node: unknown = nodes[0];
  if (!Array.isArray(node)) throw new Error(`layer ${name}: inbound_nodes in an unknown format`);
  return node.map((entry) => {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string')
      throw new Error(`layer ${name}: inbound_nodes in an unknown format`);
    if (entry[2] !== 0 && entry[2] !== undefined)
      throw new Error(`layer ${name}: uses output ${entry[2]} of ${entry[0]}: not supported`);
    return entry[0];
  });
}

/** Reads the layer graph of a layers-model model.json (functional `Model` or `Sequential`). */
export function readTopology(modelJson: { modelTopology?: unknown; format?: string }): LayersTopology {
  if (modelJson.format === 'graph-model')
    throw new Error('model.json is a TF.js graph model: only layers models can be converted');
  const topology = modelJson.modelTopology as { model_config?: unknown; class_name?: string } | undefined;
  if (!topology) throw new Error('model.json has no modelTopology');
  const modelConfig = (topology.model_config ?? topology) as { class_name: string; config: unknown };
  const config = modelConfig.config as
    { layers?: RawLayer[]; input_layers?: unknown[][]; output_layers?: unknown[][] } | RawLayer[];
  const rawLayers = Array.isArray(config) ? config : config.layers;
  if (!rawLayers?.length) throw new Error('model.json has no layers');

  if (modelConfig.class_name === 'Sequential') {
    const first = rawLayers[0].config;
    const shape = (first.batch_input_shape ?? first.batchInputShape) as (number | null)[] | undefined;
    if (!shape) throw new Error(`Sequential model: first layer ${first.name} has no batch_input_shape`);
    const layers: LayerSpec[] = [];
    let previous = rawLayers[0].class_name === 'InputLayer' ? '' : `${first.name}_input`;
    if (previous)
      layers.push({
        className: 'InputLayer',
        name: previous,
        config: { batch_input_shape: shape },
        inbound: [],
      });
    for (const raw of rawLayers) {
      const name = raw.config.name ?? raw.name ?? '';
      layers.push({
        className: raw.class_name,
        name,
        config: raw.config,
        inbound: previous ? [previous] : [],
      });
      previous = name;
    }
    return { layers, inputName: layers[0].name, inputShape: shape, outputName: previous };
  }

  if (Array.isArray(config)) throw new Error(`model class ${modelConfig.class_name} not supported`);
  const inputs = config.input_layers ?? [];
  const outputs = config.output_layers ?? [];
  if (inputs.length !== 1 || outputs.length !== 1) {
    throw new Error(
      `model has ${inputs.length} inputs and ${outputs.length} outputs: only one of each is supported`,
    );
  }
  const layers = rawLayers.map((raw) => {
    const name = raw.name ?? raw.config.name ?? '';
    return { className: raw.class_name, name, config: raw.config, inbound: inboundNames(raw, name) };
  });
  const inputName = String(inputs[0][0]);
  const inputLayer = layers.find((l) => l.name === inputName);
  const shape = inputLayer?.config.batch_input_shape as (number | null)[] | undefined;
  if (!shape) throw new Error(`input layer ${inputName} has no batch_input_shape`);
  return { layers, inputName, inputShape: shape, outputName: String(outputs[0][0]) };
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

/** The layers, each after every layer it reads. */
export function topologicalOrder(layers: LayerSpec[]): LayerSpec[] {
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
