import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedPath, requireData, sharedPath } from '../../../../test-support/test-data';
import { UserModelLoader } from './user-model-loader.svelte';

const mobilenet = generatedPath('models', 'nsfw-mobilenet-v2');
const sharedOnnx = sharedPath('models', 'mobilenetv2-12-int8-onnx', 'mobilenetv2-12-int8.onnx');
const sharedTflite = sharedPath('models', 'tflite-coral', 'mobilenet_v2_1.0_224_quant.tflite');

async function file(path: string, name = path.split('/').pop()!): Promise<File> {
  return new File([await readFile(path)], name);
}

describe('UserModelLoader', () => {
  it('fills the form from a TF.js layers model.json and converts it for ORT', async () => {
    const loader = new UserModelLoader();
    await loader.loadFiles([
      await file(join(mobilenet, 'model.json')),
      await file(join(mobilenet, 'group1-shard1of1.bin')),
    ]);
    expect(loader.error).toBeNull();
    expect(loader.status).toBe('ready');
    expect(loader.format).toBe('tfjs-layers');
    expect(loader.name).toBe('my model');
    expect([loader.height, loader.width]).toEqual([224, 224]);
    expect(loader.layout).toBe('NHWC');
    expect(loader.output).toBe('probabilities');
    expect(loader.classes).toBe(5);
    expect(
      loader.conversion && 'onnx' in loader.conversion && loader.conversion.onnx.byteLength,
    ).toBeGreaterThan(1_000_000);
    expect(loader.problem).toBeNull();
    const model = loader.userModel();
    expect(model.files.entry).toBe('model.json');
    expect(Object.keys(model.files.files).sort()).toEqual(['group1-shard1of1.bin', 'model.json']);
    expect(model.preprocess).toMatchObject({
      size: [224, 224],
      layout: 'NHWC',
      scale: 255,
      mean: [0, 0, 0],
      std: [1, 1, 1],
    });
  }, 60_000);

  it('names the missing weight shard, and a JSON file that is no model', async () => {
    const loader = new UserModelLoader();
    await loader.loadFiles([await file(join(mobilenet, 'model.json'))]);
    expect(loader.status).toBe('error');
    expect(loader.error).toBe(
      'model.json: weight file group1-shard1of1.bin missing (choose it together with model.json)',
    );
    expect(loader.problem).toBe(loader.error);
    await loader.loadFiles([new File(['{"hello": 1}'], 'settings.json')]);
    expect(loader.error).toBe('settings.json: not a TF.js model.json (it has no modelTopology)');
    await loader.loadFiles([new File(['not a model'], 'fake.onnx')]);
    expect(loader.error).toMatch(/^fake\.onnx: not an ONNX file/);
  });

  it('checks labels against the class count, naming the labels file', async () => {
    const loader = new UserModelLoader();
    await loader.loadFiles([
      await file(join(mobilenet, 'model.json')),
      await file(join(mobilenet, 'group1-shard1of1.bin')),
    ]);
    await loader.loadLabels(new File(['a\nb\n\nc\n'], 'labels.txt'));
    expect(loader.problem).toBe('labels: labels.txt has 3 names, the model has 5 classes');
    await loader.loadLabels(new File(['Drawing\nHentai\nNeutral\nPorn\nSexy\n'], 'labels.txt'));
    expect(loader.problem).toBeNull();
    expect(loader.userModel().labels).toEqual(['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy']);
    loader.height = undefined;
    expect(loader.problem).toMatch(/^input size/);
  }, 60_000);

  it.skipIf(!requireData(sharedOnnx, 'the shared int8 MobileNetV2'))(
    'starts each model afresh: the previous model’s labels and class count do not carry over',
    async () => {
      const loader = new UserModelLoader();
      await loader.loadFiles([
        await file(join(mobilenet, 'model.json')),
        await file(join(mobilenet, 'group1-shard1of1.bin')),
      ]);
      await loader.loadLabels(new File(['Drawing\nHentai\nNeutral\nPorn\nSexy\n'], 'labels.txt'));
      loader.scale = 127.5;
      await loader.loadFiles([await file(sharedOnnx)]);
      expect(loader).toMatchObject({ classes: 1000, labels: [], labelsFile: null, scale: 255 });
      expect(loader.problem).toBeNull();
    },
    60_000,
  );

  it.skipIf(!requireData(sharedOnnx, 'the shared int8 MobileNetV2'))(
    'reads input name, NCHW size and class count from an ONNX file',
    async () => {
      const loader = new UserModelLoader();
      await loader.loadFiles([await file(sharedOnnx)]);
      expect(loader.error).toBeNull();
      expect(loader).toMatchObject({
        name: 'mobilenetv2-12-int8',
        format: 'onnx',
        inputName: 'input',
        height: 224,
        width: 224,
        layout: 'NCHW',
        classes: 1000,
      });
      expect(loader.conversion).toBeNull();
    },
  );

  it.skipIf(!requireData(sharedTflite, 'the shared TFLite MobileNetV2'))(
    'reads uint8 input, size and a quantized softmax from a .tflite file',
    async () => {
      const loader = new UserModelLoader();
      await loader.loadFiles([await file(sharedTflite)]);
      expect(loader.error).toBeNull();
      expect(loader).toMatchObject({
        name: 'mobilenet_v2_1.0_224_quant',
        format: 'tflite',
        inputName: 'input',
        inputDtype: 'uint8',
        height: 224,
        width: 224,
        layout: 'NHWC',
        output: 'probabilities',
        classes: 1001,
      });
      expect(loader.problem).toBeNull();
      expect(loader.userModel().preprocess.inputDtype).toBe('uint8');
      loader.mean = [0.5, 0.5, 0.5];
      expect(loader.problem).toMatch(/^mean and std: this model takes raw uint8 pixels/);
    },
  );
});
