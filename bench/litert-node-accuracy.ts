/**
 * Top-1/top-5 of the zoo's TFLite models on the ImageNet samples, with LiteRT.js in Node (the e2e
 * reference), for the manifest's TF-slim central crop and for a whole-image resize. Prints one line per
 * model and resize. Usage: npx tsx bench/litert-node-accuracy.ts [limit=100]
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { nodeLiteRtOutputs } from '../node-reference/litert-outputs';
import { groundTruthFromFileName, parseLabels } from '../src/core/labels';
import { topK } from '../src/core/metrics/top-k';
import { modelManifestSchema } from '../src/core/model-manifest';

const root = join(import.meta.dirname, '..');
const shared = process.env.CROSSCHECK_SHARED ?? join(root, '..', 'shared');
const imageDir = join(shared, 'data', 'imagenet-samples');
const limit = Number(process.argv[2] ?? 100);
const names = (await readdir(imageDir))
  .filter((n) => /\.(jpe?g|png)$/i.test(n))
  .sort()
  .slice(0, limit);
const modelFiles = (await readdir(join(root, 'models'))).filter((n) => n.endsWith('.json'));

for (const file of modelFiles) {
  const manifest = modelManifestSchema.parse(JSON.parse(await readFile(join(root, 'models', file), 'utf8')));
  if (manifest.format !== 'tflite') continue;
  const labelsFile = manifest.labels.file?.replace(/^shared:/, '') ?? '';
  const labels = parseLabels(manifest.labels, await readFile(join(shared, labelsFile), 'utf8'), null);
  for (const resize of ['central-crop', 'stretch'] as const) {
    const { variant, outputs } = await nodeLiteRtOutputs(
      join(shared, manifest.base.replace(/^shared:/, ''), manifest.entry),
      names.map((n) => join(imageDir, n)),
      { ...manifest.preprocess, resize },
    );
    const hits = (k: number) =>
      outputs.filter((output, i) => {
        const truth = groundTruthFromFileName(names[i]);
        return topK(output, k).some((r) => labels.wnids?.[r.index] === truth);
      }).length;
    console.log(
      `${manifest.id} ${resize} (${variant}): top-1 ${hits(1)}/${names.length}, top-5 ${hits(5)}/${names.length}`,
    );
  }
}
