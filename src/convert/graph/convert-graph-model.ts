import { weightSpecs, type TfjsModelJson } from '../../core/tfjs-model-json';
import { ConversionError, type ConvertedModel, type ConvertOptions } from '../shared/conversion';
import { ConvertedGraph } from '../shared/converted-graph';
import { decodeWeights, type Weight } from '../shared/decode-weights';
import type { Value } from '../shared/graph-builder';
import { Layouts } from './graph-layouts';
import { nodeNames, opConverters, type OpContext } from './graph-op-converters';
import { NodeAttrs, reachableInOrder, readGraph } from './graph-topology';

/** The layout contract of converted graph models, written into the ONNX metadata. */
const graphLayoutNote =
  'input stays NHWC as in TF.js (same input bytes for both frameworks); 4D values are transposed to NCHW once, ' +
  'at the first op that needs channels-first (Conv, pooling), and back to NHWC only before Reshape, ' +
  'where operands of different layouts meet, and at outputs';

/**
 * Converts a TF.js graph model (model.json with `format: "graph-model"` + its weight bytes
 * concatenated in manifest order) to an ONNX model (opset 13). Pure, like convertLayersModel.
 * Only the nodes the outputs depend on are converted; an unsupported op among them stops the
 * conversion with an error naming the op and the node.
 */
export function convertGraphModel(
  json: TfjsModelJson,
  weightData: Uint8Array,
  options: ConvertOptions = {},
): ConvertedModel {
  if (options.inject) throw new ConversionError('fault injection works on layers models only');
  const { nodes, outputs } = readGraph(json);
  if (outputs.length !== 1)
    throw new ConversionError(
      `the graph has ${outputs.length} outputs (${outputs.join(', ')}); one is supported`,
    );
  const order = reachableInOrder(nodes, outputs);
  const unsupported = order.filter((n) => !['Const', 'Placeholder'].includes(n.op) && !opConverters[n.op]);
  if (unsupported.length)
    throw new ConversionError(
      `unsupported op ${unsupported.map((n) => `${n.op} (node ${n.name})`).join(', ')}`,
    );
  const placeholders = order.filter((n) => n.op === 'Placeholder');
  if (placeholders.length !== 1)
    throw new ConversionError(
      `the graph has ${placeholders.length} inputs (${placeholders.map((n) => n.name).join(', ')}); one is supported`,
    );

  const weights = decodeWeights(weightSpecs(json), weightData);
  const g = new ConvertedGraph(options);
  const layouts = new Layouts(g);
  const values = new Map<string, Value>();
  const constants = new Map<string, Weight>();
  const input = placeholders[0];
  const inputShape = new NodeAttrs(input).shape('shape');

  for (const node of order) {
    if (node.op === 'Const') {
      const weight = weights.get(node.name);
      if (!weight)
        throw new ConversionError(
          `node ${node.name} (Const): its value is missing from the weights manifest`,
        );
      constants.set(node.name, weight);
      continue;
    }
    if (node.op === 'Placeholder') {
      values.set(node.name, { name: node.name, shape: inputShape, nchw: false });
      continue;
    }
    // Identity of a constant (how TF often wraps weights) stays a constant.
    if (node.op === 'Identity' && constants.has(node.inputs[0])) {
      constants.set(node.name, constants.get(node.inputs[0])!);
      continue;
    }
    const fail = (message: string): never => {
      throw new ConversionError(`node ${node.name} (${node.op}): ${message}`);
    };
    const inputName = (i: number) => node.inputs[i] ?? fail(`input ${i} is missing`);
    const ctx: OpContext = {
      node,
      attrs: new NodeAttrs(node),
      g,
      name: node.name,
      derived: nodeNames(node.name),
      layouts,
      isConstant: (i) => constants.has(inputName(i)),
      value(i) {
        const name = inputName(i);
        const constant = constants.get(name);
        return constant ? layouts.constant(name, constant) : values.get(name)!;
      },
      constant(i) {
        const name = inputName(i);
        return constants.get(name) ?? fail(`input ${name} must be a constant`);
      },
      fail,
    };
    const value = opConverters[node.op](ctx);
    values.set(node.name, value);
    g.record(node.name, node.op, value);
  }

  const last = values.get(outputs[0]);
  if (!last)
    throw new ConversionError(`output ${outputs[0]} is a constant or the input, not a computed value`);
  const output = layouts.nhwc(last);
  const onnx = g.encode({
    name: outputs[0],
    layoutNote: graphLayoutNote,
    input: { name: input.name, shape: inputShape },
    output,
  });
  return {
    onnx,
    inputName: input.name,
    outputName: output.name,
    inputShape,
    layers: g.layers,
    injected: null,
  };
}
