import { expect, test } from '@playwright/test';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as tfl from '@tensorflow/tfjs-layers';
import { savedModel, useTfjsBackend } from '../node-reference/node-runtimes';
import { smallGraphModel, smallInputShape, smallLayersModel } from '../test-support/localize-models';
import { useLabServer } from './support/lab-server';
import { unzipTo } from '../test-support/unzip-to';
import { reproVerdicts } from './support/repro-verdicts';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..');
// The small models are written here and served as the shared folder.
const dir = mkdtempSync(join(tmpdir(), 'crosscheck-repro-tfjs-'));
const server = useLabServer({ sharedDir: dir });
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** image → Add(image, image) → conv → pool: the first layer to leave float32 reads two tensors. */
async function addFirstModel() {
  const image = tfl.input({ shape: smallInputShape.slice(1), name: 'image' });
  const twice = tfl.layers.add({ name: 'twice' }).apply([image, image]);
  const conv = tfl.layers
    .conv2d({
      filters: 2,
      kernelSize: 3,
      name: 'conv',
      kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }),
    })
    .apply(twice);
  const pool = tfl.layers.globalAveragePooling2d({ name: 'pool' }).apply(conv) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: image, outputs: pool });
  const saved = await savedModel(model);
  model.dispose();
  return saved;
}

const cases = [
  {
    format: 'tfjs-layers',
    folder: 'layers',
    input: 'image',
    kind: 'single-layer',
    first: 'conv',
    op: 'Conv2D',
    model: smallLayersModel,
  },
  {
    format: 'tfjs-graph',
    folder: 'graph',
    input: 'input',
    kind: 'single-node',
    first: 'conv',
    op: 'Conv2D',
    model: smallGraphModel,
  },
  // A layer of two inputs cannot run alone: the whole model, saying why.
  {
    format: 'tfjs-layers',
    folder: 'add-first',
    input: 'image',
    kind: 'whole-model',
    first: 'twice',
    op: 'Add',
    model: addFirstModel,
  },
] as const;

for (const { format, folder, input, kind, first, op, model } of cases)
  test(`${format} (${kind}): the call half-float WebGL gets wrong, as a bundle, reproduces in a page with only TF.js served, in Node and in the lab`, async ({
    page,
    browser,
  }) => {
    await useTfjsBackend('cpu');
    const { json, data } = await model();
    mkdirSync(join(dir, folder));
    writeFileSync(join(dir, folder, 'model.json'), JSON.stringify(json));
    writeFileSync(join(dir, folder, json.weightsManifest[0].paths[0]), data);
    await page.goto(server.url);
    await page.waitForFunction(() => 'crosscheck' in window);
    const bundle = await page.evaluate(
      async ({ shape, folder, input, format }) => {
        const size = shape.reduce((a, b) => a * b, 1);
        const data = Float32Array.from({ length: size }, (_, i) => 0.5 + 0.5 * Math.sin(i / 7));
        const request = {
          modelUrl: `/shared/${folder}/model.json`,
          input: { name: input, dtype: 'float32' as const, shape, data },
          referenceId: 'tfjs-cpu' as const,
          suspectId: 'tfjs-webgl[WEBGL_FORCE_F16_TEXTURES=true]' as const,
          assetBaseUrl: new URL('./', location.href).href,
          timeoutMs: 120_000,
          // float32's own precision: half-float textures (weights and input rounded to 11 bits) leave it at once.
          policy: () => ({ float: { absolute: 1e-6, relativeRatio: 1.00001 }, steps: 0 }),
        };
        const source = { modelId: `small-${folder}`, image: 'synthetic', inputSha256: '0'.repeat(64) };
        return window.crosscheck.reproBundle(request, source, format);
      },
      { shape: smallInputShape, folder, input, format },
    );
    const { manifest } = bundle;
    console.log(
      `${bundle.fileName}: ${manifest.model.kind} model of ${manifest.model.nodes.join(', ')} (${manifest.source.op}); reproduced ${manifest.reproduced}; ${Math.round(bundle.base64.length * 0.75)} bytes`,
    );
    expect(manifest.model).toMatchObject({ format, kind });
    expect(manifest.source).toMatchObject({ firstDivergent: first, op });
    if (kind === 'whole-model')
      expect(manifest.model.whyWhole).toBe('layer twice (Add) reads 2 tensors, not one');
    else expect(manifest.model.nodes).toEqual([first]);
    expect(manifest.reproduced).toBe(true);
    expect(manifest.suspect).toMatchObject({
      library: 'tfjs',
      executionProvider: 'webgl',
      ortFile: 'tf.min.js',
    });
    const unzipped = await unzipTo(Buffer.from(bundle.base64, 'base64'));

    const tfjsDist = join(root, 'node_modules', '@tensorflow', 'tfjs', 'dist');
    const tfjsQuery = (url: string) => `tfjs=${encodeURIComponent(`${url}tf.min.js`)}`;
    expect(await reproVerdicts(browser, unzipped, tfjsDist, tfjsQuery)).toEqual([
      'reproduces',
      'does-not-reproduce',
    ]);

    // @tensorflow/tfjs resolved from the project's own install (the folder the script is run from).
    const node = await run('node', [join(unzipped, 'repro-node.mjs')], { cwd: root, timeout: 120_000 });
    console.log(node.stdout);
    expect(node.stdout).toMatch(/^matches the recorded reference output$/m);

    // The lab's own answer, in its TF.js workers.
    const answer = await page.evaluate(
      (zip) =>
        window.crosscheck.rerunBundle(zip, {
          assetBaseUrl: new URL('./', location.href).href,
          timeoutMs: 120_000,
        }),
      bundle.base64,
    );
    console.log(`lab: reproduces ${answer.reproduces}; suspect ${JSON.stringify(answer.suspect)}`);
    expect(answer.reproduces).toBe(true);
    expect(answer.reference.agreesWithReference).toBe(true);
  });
