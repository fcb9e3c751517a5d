import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTfjsBackend, verificationInput, type TfjsModelFiles } from '../../node-reference/node-runtimes';
import {
  asModelFiles,
  smallGraphModel,
  smallInputShape,
  smallLayersModel,
} from '../../test-support/localize-models';
import { TfjsAdapter } from '../adapters/tfjs/tfjs-adapter';
import { convertLayersModel } from '../convert/layers/convert-layers-model';
import { faultKinds } from '../convert/layers/faults';
import type { NamedTensor } from '../core/tensor';
import { compareNodes, policyFor, type TolerancePolicy } from './compare-nodes';
import { exposeNodeOutputs } from './expose-outputs';
import { tfjsFaultKinds, injectTfjsFault } from './tfjs-faults';
import { tfjsNodes } from './tfjs-nodes';

const input = (): NamedTensor => ({
  name: 'image',
  dtype: 'float32',
  shape: smallInputShape,
  data: verificationInput(smallInputShape),
});

/** Clean layers agree bit for bit here (same runtime, same kernels): a tight policy still sees an fp16 weight fault. */
const tight: TolerancePolicy = () => ({ float: { absolute: 1e-6, relativeRatio: 1 + 1e-5 }, steps: 0 });
/** What a run holds two cpu-backend configurations to. */
const cpu = policyFor(['cpu']);

/** Captures every named output through the adapter a TF.js worker uses (cpu backend, in Node). */
async function captureTfjs(model: TfjsModelFiles, names: string[]): Promise<Map<string, NamedTensor>> {
  const adapter = new TfjsAdapter('cpu', 'http://127.0.0.1/');
  expect(await adapter.probe()).toEqual({ available: true });
  const graph = tfjsNodes(model.json).method === 'graph-nodes';
  const { name, dtype, shape } = input();
  await adapter.load({
    format: graph ? 'tfjs-graph' : 'tfjs-layers',
    source: { kind: 'bytes', model: asModelFiles(model) },
    expectedInputs: [{ name, dtype, shape }],
  });
  const { outputs } = await adapter.infer({ inputs: [input()], outputs: names });
  await adapter.dispose();
  return new Map(outputs.map((o) => [o.name, o]));
}

/** Every float graph output of an ONNX model, in onnxruntime-node (the lab's native ORT). */
async function captureOnnx(bytes: Uint8Array): Promise<Map<string, NamedTensor>> {
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['cpu'] });
  const { data, shape } = input();
  const results = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', data, shape) });
  await session.release();
  const floats = Object.entries(results).filter(([, t]) => t.type === 'float32');
  return new Map(
    floats.map(([name, t]) => [
      name,
      { name, dtype: 'float32', shape: [...t.dims], data: t.data as Float32Array },
    ]),
  );
}

const models: [string, () => Promise<TfjsModelFiles> | TfjsModelFiles, string[]][] = [
  ['layers', smallLayersModel, ['conv', 'bn', 'relu', 'dw', 'pool', 'logits', 'probs']],
  ['graph', smallGraphModel, ['conv', 'bias', 'relu', 'dw', 'mean', 'dense', 'probs']],
];

describe('TF.js localization through the adapter (cpu, in Node)', () => {
  beforeAll(() => useTfjsBackend('cpu'));

  it.each(models)('a %s model is captured node by node in topological order', async (_, make, order) => {
    const model = await make();
    const { nodes, outputs } = tfjsNodes(model.json);
    expect(nodes.map((n) => n.name)).toEqual(order);
    expect(outputs).toEqual(['probs']);
    expect(nodes[0].opType).toBe('Conv2D');
    expect(nodes[0].attributes.padding.toLowerCase()).toBe('same');
    const names = nodes.map((n) => n.name);
    const localization = compareNodes(
      nodes,
      await captureTfjs(model, names),
      await captureTfjs(model, names),
      cpu,
    );
    expect(localization.diffs.map((d) => d.node)).toEqual(order);
    expect(localization.firstDivergent).toBeNull();
  });

  for (const [format, make] of models)
    it.each(tfjsFaultKinds)(
      `an injected %s fault in a ${format} model is localized to its layer`,
      async (kind) => {
        const model = await make();
        const faulty = injectTfjsFault(model, kind);
        const { nodes } = tfjsNodes(model.json);
        const names = nodes.map((n) => n.name);
        const policy = kind === 'fp16-weights' ? tight : cpu;
        const localization = compareNodes(
          nodes,
          await captureTfjs(model, names),
          await captureTfjs(faulty, names),
          policy,
        );
        expect(faulty.fault.layer).toBe('conv');
        expect(localization.firstDivergent?.node).toBe(faulty.fault.layer);
        expect(localization.firstDivergent?.opType).toBe('Conv2D');
      },
    );
});

describe('ONNX localization of the conversion faults (onnxruntime-node)', () => {
  let model: TfjsModelFiles;
  beforeAll(async () => {
    await useTfjsBackend('cpu');
    model = await smallLayersModel();
  });

  it.each(faultKinds)('an injected %s fault is localized to a node of its layer', async (kind) => {
    const clean = exposeNodeOutputs(convertLayersModel(model.json, model.data).onnx);
    const { onnx, injected } = convertLayersModel(model.json, model.data, { inject: kind });
    const faulty = exposeNodeOutputs(onnx);
    const localization = compareNodes(
      clean.nodes,
      await captureOnnx(clean.bytes),
      await captureOnnx(faulty.bytes),
      tight,
    );
    const node = localization.firstDivergent?.node ?? '';
    expect(node === injected!.layer || node.startsWith(`${injected!.layer}/`), node).toBe(true);
  });
});
