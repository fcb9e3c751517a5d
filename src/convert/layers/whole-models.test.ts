import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  loadTfjs,
  OnnxRunner,
  predictTfjs,
  readTfjsModel,
  useTfjsBackend,
} from '../../../node-reference/node-runtimes';
import { generatedPath, requireData, sharedPath } from '../../../test-support/test-data';
import { topK } from '../../core/metrics/top-k';
import { modelManifestSchema } from '../../core/model-manifest';
import { decodeImage } from '../../core/preprocess/decode-image';
import { toInputTensor } from '../../core/preprocess/to-input-tensor';
import { convertLayersModel } from './convert-layers-model';
import darknet from '../../../models/darknet-tiny.json' with { type: 'json' };
import inception from '../../../models/nsfw-inception-v3.json' with { type: 'json' };
import mobilenet from '../../../models/nsfw-mobilenet-v2.json' with { type: 'json' };

const imageDir = sharedPath('data', 'imagenet-samples');
const models = [
  { manifest: mobilenet, path: generatedPath('models/nsfw-mobilenet-v2/model.json') },
  { manifest: inception, path: generatedPath('models/nsfw-inception-v3/model.json') },
  { manifest: darknet, path: sharedPath('models/darknet-tiny-tfjs/model.json') },
];
const hasData = [
  requireData(imageDir, 'the shared ImageNet samples'),
  ...models.map(({ manifest, path }) => requireData(path, `the ${manifest.id} model`)),
].every(Boolean);
const images = hasData
  ? readdirSync(imageDir)
      .filter((n) => /\.jpe?g$/i.test(n))
      .sort()
      .slice(0, 100)
  : [];

describe.skipIf(!hasData)(
  'converted zoo models agree with their TF.js source on 100 ImageNet samples',
  () => {
    beforeAll(() => useTfjsBackend('wasm'));

    it.each(models)(
      '$manifest.id: same top-1 on every image',
      async ({ manifest, path }) => {
        expect(images).toHaveLength(100);
        const files = await readTfjsModel(path);
        const source = await loadTfjs(files);
        const runner = await OnnxRunner.create(convertLayersModel(files.json, files.data).onnx);
        const preprocess = modelManifestSchema.parse(manifest).preprocess;
        let maxAbsDiff = 0;
        const disagreements: string[] = [];
        for (const name of images) {
          const input = toInputTensor(
            await decodeImage(new Uint8Array(await readFile(join(imageDir, name))), name),
            preprocess,
          );
          if (input.dtype !== 'float32')
            throw new Error(`${manifest.id}: the converter takes float32 models only`);
          const shape = [...input.shape];
          const expected = await predictTfjs(source, input.data, shape);
          const actual = await runner.first(input.data, shape);
          expected.forEach((v, i) => (maxAbsDiff = Math.max(maxAbsDiff, Math.abs(v - actual[i]))));
          if (topK(expected, 1)[0].index !== topK(actual, 1)[0].index) disagreements.push(name);
        }
        console.log(
          `${manifest.id}: ${images.length - disagreements.length}/${images.length} top-1 agree, max abs diff ${maxAbsDiff.toExponential(2)}`,
        );
        await runner.release();
        source.dispose();
        expect(disagreements).toEqual([]);
        expect(maxAbsDiff).toBeLessThan(1e-3);
      },
      900_000,
    );
  },
);
