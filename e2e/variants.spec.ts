import { expect, test } from '@playwright/test';
import { runInPage } from '../cli/run-headless';
import type { RunResult } from '../src/core/result-schema';
import { summaryTable } from '../src/core/report/summary-table';
import { expectWebnnRanOrSaidWhy } from './support/expect-webnn';
import { keepOnlyConfigurations } from './support/choose-configurations';
import { useLabServer } from './support/lab-server';

const server = useLabServer();

/** Every ORT configuration: each runs the variant; the reference, another spelling of ort-wasm, the original. */
const ortConfigs = ['ort-wasm', 'ort-webgpu', 'ort-webgpu-native', 'ort-webgl', 'ort-webnn'];
const reference = 'ort-wasm[threads=1]';

function byId(result: RunResult, id: string) {
  const config = result.configs.find((c) => c.configId === id);
  if (!config) throw new Error(`${id} is not in the run`);
  return { config, precision: result.variant!.precision[id] };
}

for (const spec of ['fp16', 'int8'] as const) {
  test(`the ${spec} variant of nsfw-mobilenet-v2 runs on every ORT configuration and tfjs-wasm against the original`, async ({
    page,
  }) => {
    const result = await runInPage(page, server.url, {
      modelId: 'nsfw-mobilenet-v2',
      variant: spec,
      // tfjs-wasm runs the variant made in TF.js's own format.
      configIds: [...ortConfigs, 'tfjs-wasm'],
      referenceConfigId: reference,
      limit: 1,
      warmupRuns: 0,
      timedRuns: 1,
    });
    const { variant } = result;
    expect(variant).toMatchObject({ spec, kind: spec });
    const [file] = variant!.files;
    // Made from the converted ONNX sibling: half or a quarter of its size, with both hashes kept.
    expect(file.format).toBe('onnx');
    expect(file.bytes).toBeLessThan(file.originalBytes * (spec === 'fp16' ? 0.55 : 0.3));
    expect(file.sha256).not.toBe(file.originalSha256);
    expect(byId(result, reference).precision).toMatchObject({ ran: 'original', arithmetic: 'float32' });

    const wasm = byId(result, 'ort-wasm');
    expect(wasm.config.status).toBe('ok');
    expect(wasm.config.agreement?.top1AgreementRate).toBe(1);
    expect(wasm.config.warm?.p50Ms).toBeGreaterThan(0);
    expect(wasm.precision).toMatchObject({
      ran: 'variant',
      weights: spec === 'fp16' ? 'float16' : 'int8',
      arithmetic: 'float32',
    });
    // Every ORT configuration is accounted for: it ran the variant (ok or failed, with the reason) or, for
    // WebNN on this platform, answered unsupported.
    for (const id of ortConfigs.slice(1, 4)) {
      const { config, precision } = byId(result, id);
      expect(['ok', 'failed'], `${id}: ${config.reason}`).toContain(config.status);
      expect(precision.ran).toBe('variant');
      if (config.status === 'failed') expect(config.reason).toBeTruthy();
    }
    const tfjs = byId(result, 'tfjs-wasm');
    expect(tfjs.config.status, tfjs.config.reason ?? '').toBe('ok');
    expect(tfjs.precision).toMatchObject({
      ran: 'variant',
      weights: spec === 'fp16' ? 'float16' : 'uint8',
      arithmetic: 'float32',
    });
    expect(variant!.files.map((f) => f.format)).toEqual(['onnx', 'tfjs-layers']);
    const webnn = byId(result, 'ort-webnn');
    expectWebnnRanOrSaidWhy(webnn.config);
    expect(webnn.precision.ran).toBe(webnn.config.status === 'ok' ? 'variant' : 'none');

    const summary = summaryTable(result);
    expect(summary).toContain(`Variant ${spec} against the original on ${reference}:`);
    expect(summary).toMatch(/onnx: \d+\.\d\d MB → \d+\.\d\d MB/);
    console.log(summary.slice(summary.indexOf('Variant ')));
  });
}

test('a person asks for a variant on the Lab form and reads the variant × configuration table', async ({
  page,
}) => {
  await page.goto(server.url);
  await page.getByLabel('Model', { exact: true }).selectOption('nsfw-mobilenet-v2');
  await keepOnlyConfigurations(page, ['TF.js wasm', 'ORT wasm']);
  await page.getByLabel('Reference').selectOption('tfjs-wasm');
  const variant = page.getByLabel('Variant');
  // A misspelt variant is refused before the run, naming what is wrong.
  await variant.fill('prune[sparsity=2]');
  await expect(page.getByRole('alert')).toContainText(
    'variant "prune[sparsity=2]": sparsity: must be less than 1',
  );
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeDisabled();
  await variant.fill('int8');
  await page.getByLabel('Limit').fill('1');
  await page.getByLabel('Warm-up runs').fill('0');
  await page.getByLabel('Timed runs').fill('1');
  await page.getByRole('button', { name: 'Run', exact: true }).click();

  const table = page.getByTestId('variant-table');
  await expect(table).toBeVisible({ timeout: 5 * 60_000 });
  await expect(page.getByRole('heading', { name: /Variant int8 × configuration/ })).toBeVisible();
  await expect(table.locator('tr[data-config="tfjs-wasm"]')).toContainText('original');
  await expect(table.locator('tr[data-config="ort-wasm"]')).toContainText('int8');
  await expect(page.getByTestId('variant-files')).toContainText(/onnx: \d+\.\d\d MB → \d+\.\d\d MB/);
});
