import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTfjs, predictTfjs, readTfjsModel, useTfjsBackend } from '../../../node-reference/node-runtimes';
import { checkDeclaredOutput } from '../../core/metrics/output-kind';
import { modelManifestSchema } from '../../core/model-manifest';
import { decodeImage } from '../../core/preprocess/decode-image';
import { toInputTensor } from '../../core/preprocess/to-input-tensor';
import { generatedPath, requireData, sharedPath } from '../../../test-support/test-data';
import darknet from '../../../models/darknet-tiny.json' with { type: 'json' };
import inception from '../../../models/nsfw-inception-v3.json' with { type: 'json' };
import mobilenet from '../../../models/nsfw-mobilenet-v2.json' with { type: 'json' };

const image = sharedPath('data', 'imagenet-samples', 'n01440764_tench.JPEG');
const models = [
  { manifest: mobilenet, path: generatedPath('models', 'nsfw-mobilenet-v2', 'model.json') },
  { manifest: inception, path: generatedPath('models', 'nsfw-inception-v3', 'model.json') },
  { manifest: darknet, path: sharedPath('models', 'darknet-tiny-tfjs', 'model.json') },
];

describe.skipIf(!requireData(image, 'the shared ImageNet samples'))(
  'the zoo manifests declare the output their models really produce',
  () => {
    beforeAll(() => useTfjsBackend('wasm'));

    it.each(models)(
      '$manifest.id',
      async ({ manifest, path }) => {
        const declared = modelManifestSchema.parse(manifest);
        const files = await readTfjsModel(path);
        const model = await loadTfjs(files);
        const input = toInputTensor(
          await decodeImage(new Uint8Array(await readFile(image)), image),
          declared.preprocess,
        );
        if (input.dtype !== 'float32') throw new Error(`${declared.id}: TF.js models take float32 input`);
        const output = await predictTfjs(model, input.data, [...input.shape]);
        model.dispose();
        expect(checkDeclaredOutput(output, declared)).toBeNull();
      },
      300_000,
    );
  },
);
