import { expect, test } from '@playwright/test';
import type { NamedTensor } from '../src/core/tensor';
import { compareTensors, toleranceFor } from '../src/core/tolerance/per-operator';
import { caseHash } from '../src/fuzz/case-hash';
import { generateCase } from '../src/fuzz/generate-case';
import { runOnnxNode } from '../node-reference/run-onnx-node';
import { useLabServer } from './support/lab-server';

const server = useLabServer();

test('a fixed seed gives the same graphs and inputs in the page as in Node', async ({ page }) => {
  await page.goto(server.url);
  await page.waitForFunction(() => 'crosscheck' in window);
  const inPage = await page.evaluate(() => window.crosscheck.fuzzHashes({ seed: 777, count: 40 }));
  const inNode = await Promise.all(Array.from({ length: 40 }, (_, i) => caseHash(generateCase(777 + i))));
  expect(inPage).toEqual(inNode);
});

test("generated graphs give onnxruntime-node's outputs on the page's ort-wasm, within tolerance", async ({
  page,
}) => {
  await page.goto(server.url);
  await page.waitForFunction(() => 'crosscheck' in window);
  // Seeds whose graphs hold a resize, a convolution and a pool, a quantized convolution, a Gemm.
  for (const seed of [9, 22, 26, 64]) {
    const c = generateCase(seed);
    const outcome = await page.evaluate((s) => window.crosscheck.fuzzCase(s, 'ort-wasm'), seed);
    if (!('outputs' in outcome)) throw new Error(`seed ${seed}: ${JSON.stringify(outcome)}`);
    const [fromPage] = outcome.outputs;
    // Typed arrays arrive as plain objects from page.evaluate: rebuild the float32 values.
    const actual: NamedTensor = { ...fromPage, data: Float32Array.from(Object.values(fromPage.data)) };
    const [expected] = await runOnnxNode(c.bytes, c.inputs);
    const tolerance = toleranceFor('wasm', { op: c.ops.join('+'), quantizationStep: c.quantizationStep });
    expect(compareTensors(actual, expected, tolerance), `seed ${seed}: ${c.ops.join(' → ')}`).toMatchObject({
      match: true,
    });
  }
});

test('the Fuzz screen runs a few seeds and reports counts, disagreements and coverage', async ({ page }) => {
  await page.goto(server.url);
  await page.getByRole('button', { name: 'Fuzz' }).click();
  const screen = page.getByRole('region', { name: 'Fuzz' });
  await screen.getByLabel('ORT webgl').uncheck();
  await screen.getByRole('spinbutton', { name: 'Seed' }).fill('3');
  await screen.getByRole('spinbutton', { name: 'Graphs' }).fill('3');
  await screen.getByRole('button', { name: 'Run fuzz' }).click();
  const counts = screen.getByTestId('fuzz-counts');
  await expect(counts).toContainText('ort-wasm: 3 passed, 0 wrong', { timeout: 120_000 });
  await expect(counts).toContainText(/ort-webgpu: \d+ passed/);
  await expect(screen.getByTestId('fuzz-disagreements')).toHaveText(/^\d+$/);
  await expect(screen.getByTestId('fuzz-coverage')).toContainText('graphs');
});
