import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { TfjsModelJson } from '../../src/core/tfjs-model-json';

/**
 * nsfwjs ships its pretrained TF.js layers models as UMD bundles (model JSON as an object, weight
 * shards as base64 strings). We unpack them into a plain model.json + binary shards so every
 * runtime loads them the ordinary way, through fetch.
 */
const require = createRequire(import.meta.url);
// The package's `exports` map hides the bundles, so address them by file path from its root.
const nsfwjsRoot = join(dirname(require.resolve('nsfwjs')), '..', '..');

const nsfwModels = [
  { id: 'nsfw-mobilenet-v2', folder: 'mobilenet_v2' },
  { id: 'nsfw-inception-v3', folder: 'inception_v3' },
] as const;

type WeightsGroup = TfjsModelJson['weightsManifest'][number];

export async function extractNsfwjsModels(outRoot: string): Promise<string[]> {
  const written: string[] = [];
  for (const { id, folder } of nsfwModels) {
    const packageDir = join(nsfwjsRoot, 'dist', 'models', folder);
    const modelJson = require(join(packageDir, 'model.min.js')) as TfjsModelJson;
    const outDir = join(outRoot, id);
    await mkdir(outDir, { recursive: true });
    const weightsManifest: WeightsGroup[] = [];
    for (const group of modelJson.weightsManifest) {
      const paths: string[] = [];
      for (const shard of group.paths) {
        const base64 = require(join(packageDir, `${shard}.min.js`)) as string;
        await writeFile(join(outDir, `${shard}.bin`), Buffer.from(base64, 'base64'));
        paths.push(`${shard}.bin`);
      }
      weightsManifest.push({ ...group, paths });
    }
    const model = {
      format: 'layers-model',
      generatedBy: 'nsfwjs (unpacked by Crosscheck)',
      ...modelJson,
      weightsManifest,
    };
    await writeFile(join(outDir, 'model.json'), JSON.stringify(model));
    written.push(outDir);
  }
  return written;
}
