import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  loadTfjs,
  predictTfjs,
  tfjsActivations,
  useTfjsBackend,
  verificationInput,
  type TfjsModelFiles,
} from '../../node-reference/node-runtimes';
import * as tf from '@tensorflow/tfjs-core';
import { loadGraphModel } from '@tensorflow/tfjs-converter';
import { parseTfjsModelJson, weightSpecs } from '../core/tfjs-model-json';
import { smallGraphModel, smallInputShape, smallLayersModel } from '../../test-support/localize-models';
import { unzipTo } from '../../test-support/unzip-to';
import { bundleParts } from './bundle.test-fixture';
import { openBundle, packBundle } from './pack-bundle';
import {
  bundleWeightsFile,
  singleGraphNodeModel,
  singleLayerModel,
  wholeTfjsModel,
  type BundledTfjsModel,
} from './tfjs-call-model';

const run = promisify(execFile);

/** A bundled model as node-runtimes loads it. */
function loaded({ files }: BundledTfjsModel): TfjsModelFiles {
  const json = parseTfjsModelJson(JSON.parse(new TextDecoder().decode(files['model.json'])), 'model.json');
  expect(json.weightsManifest.flatMap((g) => g.paths)).toEqual([bundleWeightsFile]);
  return { json, data: files[bundleWeightsFile] };
}

describe('a TF.js layer alone as a one-layer model', () => {
  let model: TfjsModelFiles;
  let activations: Map<string, Float32Array>;
  const input = verificationInput(smallInputShape, 5);
  beforeAll(async () => {
    await useTfjsBackend('cpu');
    model = await smallLayersModel();
    const full = await loadTfjs(model);
    activations = await tfjsActivations(full, input, smallInputShape);
    full.dispose();
  });

  it.each([
    ['conv', 'image', smallInputShape, ['conv/kernel', 'conv/bias']],
    ['bn', 'conv', [1, 8, 8, 4], ['bn/gamma', 'bn/beta', 'bn/moving_mean', 'bn/moving_variance']],
    ['dw', 'relu', [1, 8, 8, 4], ['dw/depthwise_kernel', 'dw/bias']],
    ['logits', 'pool', [1, 4], ['logits/kernel', 'logits/bias']],
  ])(
    '%s, fed what %s gave, gives what it gives in the whole model, with only its weights',
    async (layer, from, shape, weights) => {
      const single = singleLayerModel(model, layer, shape);
      const files = loaded(single);
      expect(files.json.weightsManifest[0].weights.map((w) => w.name).sort()).toEqual(weights.sort());
      const alone = await loadTfjs(files);
      expect(alone.layers.map((l) => l.getClassName())).toEqual(['InputLayer', readClass(model, layer)]);
      const output = await predictTfjs(alone, activations.get(from)!, shape);
      alone.dispose();
      expect(Array.from(output)).toEqual(Array.from(activations.get(layer)!));
    },
  );

  it('the whole model, unquantized in one shard, predicts what the original does', async () => {
    const whole = wholeTfjsModel(model);
    expect([whole.input, whole.output]).toEqual(['image', 'probs']);
    const reloaded = await loadTfjs(loaded(whole));
    expect(Array.from(await predictTfjs(reloaded, input, smallInputShape))).toEqual(
      Array.from(activations.get('probs')!),
    );
    reloaded.dispose();
  });

  it('packs as a bundle whose repro-node.mjs reruns it on TF.js cpu and matches the recorded reference', async () => {
    const single = singleLayerModel(model, 'bn', [1, 8, 8, 4]);
    const tensor = (name: string, data: Float32Array) => ({
      name,
      dtype: 'float32' as const,
      shape: [1, 8, 8, 4],
      data,
    });
    const reference = activations.get('bn')!;
    const side = (configId: 'tfjs-cpu' | 'tfjs-webgl', executionProvider: 'cpu' | 'webgl') => ({
      configId,
      library: 'tfjs' as const,
      executionProvider,
      ortFile: 'tf.min.js',
      options: {},
      runtime: null,
    });
    const about = bundleParts([1]).about;
    const { zip, manifest } = await packBundle({
      about: {
        ...about,
        source: { ...about.source, firstDivergent: 'bn', op: 'BatchNormalization' },
        reference: side('tfjs-cpu', 'cpu'),
        suspect: side('tfjs-webgl', 'webgl'),
      },
      model: {
        files: single.files,
        entry: 'model.json',
        format: 'tfjs-layers',
        kind: 'single-layer',
        whyWhole: null,
        nodes: ['bn'],
      },
      inputs: [tensor(single.input, activations.get('conv')!)],
      outputs: [
        {
          name: 'bn',
          quantization: null,
          reference: tensor('bn', reference),
          suspect: tensor(
            'bn',
            reference.map((v) => v + 1),
          ),
        },
      ],
    });
    expect(Object.keys(manifest.files).sort()).toEqual([
      'inputs/0.bin',
      'model.json',
      'outputs/0-reference.bin',
      'outputs/0-suspect.bin',
      'weights.bin',
    ]);
    expect((await openBundle(zip)).files['weights.bin']).toEqual(single.files['weights.bin']);
    const dir = await unzipTo(zip);
    expect(strFromU8(unzipSync(zip)['repro.html'])).toContain('?tfjs=');
    const { stdout } = await run('node', [join(dir, 'repro-node.mjs')], { cwd: process.cwd() });
    expect(stdout).toMatch(
      /^reference side \(tfjs-cpu\) rerun in TF\.js [\d.]+ cpu backend: bn \(BatchNormalization\)$/m,
    );
    expect(stdout).toMatch(
      /vs recorded suspect \(tfjs-webgl\): max \|Δ\| 1\.00, 256 elements beyond tolerance/,
    );
    expect(stdout).toMatch(/^matches the recorded reference output$/m);
  }, 120_000);

  it('refuses, saying why, a layer it does not have', () => {
    expect(() => singleLayerModel(model, 'nope', smallInputShape)).toThrow('model.json has no layer nope');
  });
});

describe('a TF.js graph node alone as a one-node graph model', () => {
  const graph = smallGraphModel();
  const load = ({ json, data }: TfjsModelFiles) =>
    loadGraphModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: weightSpecs(json),
        weightData: data.slice().buffer,
      }),
    );
  const input = verificationInput(smallInputShape, 5);
  const names = ['conv', 'bias', 'relu', 'dw', 'mean', 'dense', 'probs'];
  let values: Map<string, tf.Tensor>;
  beforeAll(async () => {
    await useTfjsBackend('cpu');
    const full = await load(graph);
    const x = tf.tensor(input, smallInputShape);
    const outputs = full.execute(x, names) as tf.Tensor[];
    values = new Map([['input', x], ...names.map((n, i): [string, tf.Tensor] => [n, outputs[i]])]);
  });

  it.each([
    ['conv', 'input'],
    ['bias', 'conv'],
    ['dw', 'relu'],
    ['mean', 'dw'],
    ['dense', 'mean'],
  ])('%s, fed what %s gave, gives what it gives in the whole model', async (node, from) => {
    const single = singleGraphNodeModel(graph, node, (name) => values.get(name)?.shape);
    expect([single.input, single.output, single.reads]).toEqual([from, node, from]);
    const alone = await load(loaded(single));
    const output = alone.execute(values.get(from)!) as tf.Tensor;
    expect(Array.from(await output.data())).toEqual(Array.from(await values.get(node)!.data()));
    tf.dispose(output);
    alone.dispose();
  });

  it('the whole graph model predicts what the original does; a node it does not have is refused', async () => {
    const whole = wholeTfjsModel(graph);
    expect([whole.input, whole.output]).toEqual(['input', 'probs']);
    const reloaded = await load(loaded(whole));
    const output = reloaded.execute(values.get('input')!) as tf.Tensor;
    expect(Array.from(await output.data())).toEqual(Array.from(await values.get('probs')!.data()));
    tf.dispose(output);
    expect(() => singleGraphNodeModel(graph, 'nope', () => [1])).toThrow('model.json has no node nope');
  });
});

/** The class name the original model.json gives a layer. */
function readClass(model: TfjsModelFiles, layer: string): string {
  const config = (model.json.modelTopology as { config: { layers: { name: string; class_name: string }[] } })
    .config;
  return config.layers.find((l) => l.name === layer)!.class_name;
}
