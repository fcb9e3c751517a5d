import { beforeAll, describe, expect, it } from 'vitest';
import {
  loadTfjs,
  predictTfjs,
  tfjsActivations,
  useTfjsBackend,
  verificationInput,
  type TfjsModelFiles,
} from '../../node-reference/node-runtimes';
import { parseTfjsModelJson } from '../core/tfjs-model-json';
import { smallInputShape, smallLayersModel } from '../../test-support/localize-models';
import {
  bundleWeightsFile,
  singleLayerModel,
  wholeLayersModel,
  type BundledTfjsModel,
} from './tfjs-layer-model';

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
    const whole = wholeLayersModel(model);
    expect([whole.input, whole.output]).toEqual(['image', 'probs']);
    const reloaded = await loadTfjs(loaded(whole));
    expect(Array.from(await predictTfjs(reloaded, input, smallInputShape))).toEqual(
      Array.from(activations.get('probs')!),
    );
    reloaded.dispose();
  });

  it('refuses, saying why, a layer it does not have', () => {
    expect(() => singleLayerModel(model, 'nope', smallInputShape)).toThrow('model.json has no layer nope');
  });
});

/** The class name the original model.json gives a layer. */
function readClass(model: TfjsModelFiles, layer: string): string {
  const config = (model.json.modelTopology as { config: { layers: { name: string; class_name: string }[] } })
    .config;
  return config.layers.find((l) => l.name === layer)!.class_name;
}
