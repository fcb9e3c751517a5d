import { expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import darknetJson from '../models/darknet-tiny.json' with { type: 'json' };
import onnxJson from '../models/mobilenetv2-int8.json' with { type: 'json' };
import tfliteJson from '../models/mobilenetv2-quant-tflite.json' with { type: 'json' };
import { runInPage } from '../cli/run-headless';
import { parseLabels, type ClassLabels } from '../src/core/labels';
import { modelManifestSchema, type ModelManifest } from '../src/core/model-manifest';
import type { RunResult } from '../src/core/result-schema';
import { requireData, sharedPath } from '../test-support/test-data';
import { useLabServer } from './support/lab-server';

const imagenetDir = sharedPath('data', 'imagenet-samples');
test.skip(
  ![
    requireData(imagenetDir, 'the shared ImageNet samples'),
    requireData(sharedPath('models', 'darknet-tiny-tfjs'), 'the shared Darknet-tiny model'),
    requireData(sharedPath('models', 'mobilenetv2-12-int8-onnx'), 'the shared int8 MobileNetV2'),
    requireData(sharedPath('models', 'tflite-coral'), 'the shared TFLite models'),
  ].every(Boolean),
);
const server = useLabServer({ imagesDir: imagenetDir });
// 20 by default; CROSS_MODEL_IMAGES=100 measures the figures (and prints them).
const limit = Number(process.env.CROSS_MODEL_IMAGES ?? 20);
test.setTimeout(Math.max(3 * 60_000, limit * 6_000));

const lines = [
  { manifest: darknetJson, configId: 'tfjs-wasm', key: 'darknet-tiny · tfjs' },
  { manifest: onnxJson, configId: 'ort-wasm', key: 'mobilenetv2-int8 · ort' },
  { manifest: tfliteJson, configId: 'litert-wasm', key: 'mobilenetv2-quant-tflite · litert' },
] as const;

/** The labels read from the shared folder in Node, apart from the page's own fetch of them. */
async function labelsOf(json: unknown): Promise<ClassLabels> {
  const { labels }: ModelManifest = modelManifestSchema.parse(json);
  const read = (file: string | undefined) =>
    file ? readFile(sharedPath(file.replace(/^shared:/, '')), 'utf8') : Promise.resolve(null);
  return parseLabels(labels, await read(labels.file), await read(labels.namesFile));
}

function top1Wnids(run: RunResult, labels: ClassLabels): Map<string, string> {
  return new Map(run.images.map((i) => [i.fileSha256 ?? i.name, labels.wnids![i.outcomes[0].top5[0].index]]));
}

test('three models on three runtime families, stored, compared by accuracy and label agreement on the same images', async ({
  browser,
  page,
}, testInfo) => {
  const runs: RunResult[] = [];
  for (const { manifest, configId } of lines) {
    // A page per run: runInPage exposes its progress callback once per page.
    const runPage = await browser.newPage();
    const run = await runInPage(runPage, server.url, {
      modelId: manifest.id,
      imagesDir: imagenetDir,
      configIds: [configId],
      referenceConfigId: configId,
      limit,
      warmupRuns: 0,
      timedRuns: 1,
    });
    await runPage.close();
    expect(run.configs[0].status, `${configId}: ${run.configs[0].reason}`).toBe('ok');
    const stored = await fetch(new URL('api/runs', server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
      body: JSON.stringify(run),
    });
    expect(stored.ok, await stored.text()).toBe(true);
    runs.push(run);
  }
  // Same files, same names: one image set whatever the model's preprocessing.
  expect(new Set(runs.map((r) => r.imageSet.sha256)).size).toBe(1);

  await page.goto(`${server.url}fleet`);
  const view = page.getByTestId('cross-model');
  await expect(view.getByRole('combobox')).toContainText(
    'darknet-tiny, mobilenetv2-int8, mobilenetv2-quant-tflite',
  );
  await view.getByRole('button', { name: 'Compare models' }).click();
  const accuracy = view.getByTestId('cross-model-accuracy');
  await expect(accuracy.locator('tbody tr')).toHaveCount(3);
  await expect(view.getByTestId('cross-model-note')).toHaveCount(0);

  // Each line shows the accuracy the run itself measured, on every image.
  const figures: string[] = [];
  for (const [i, line] of lines.entries()) {
    const measured = runs[i].configs[0].accuracy!;
    expect(measured.labelled).toBe(limit);
    const cells = accuracy.locator(`tr[data-line="${line.key}"] td`);
    await expect(cells.nth(2)).toHaveText(line.configId);
    await expect(cells.nth(3)).toHaveText(String(limit));
    await expect(cells.nth(4)).toHaveText(`${(measured.top1! * 100).toFixed(1)}%`);
    figures.push(`${line.key}: top-1 ${measured.top1}, top-5 ${measured.top5}`);
  }

  // Pairwise agreement, recomputed here by wnid from labels read in Node.
  const wnids = await Promise.all(lines.map(async (l, i) => top1Wnids(runs[i], await labelsOf(l.manifest))));
  const agreement = view.getByTestId('cross-model-agreement');
  await expect(agreement.locator('tbody tr')).toHaveCount(3);
  for (const [a, b] of [
    [0, 1],
    [0, 2],
    [1, 2],
  ]) {
    const same = [...wnids[a]].filter(([sha, wnid]) => wnids[b].get(sha) === wnid).length;
    const cells = agreement.locator(`tr[data-pair="${lines[a].key} | ${lines[b].key}"] td`);
    await expect(cells.nth(2)).toHaveText(String(limit));
    await expect(cells.nth(3)).toHaveText(String(same));
    figures.push(`${lines[a].key} vs ${lines[b].key}: ${same}/${limit} same top-1`);
  }
  await expect(view.getByRole('figure')).toBeVisible();
  console.log(`cross-model on ${limit} ImageNet samples:\n${figures.join('\n')}`);
  await page.screenshot({ path: testInfo.outputPath('cross-model.png'), fullPage: true });
});
