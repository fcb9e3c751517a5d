import { expect, test } from '@playwright/test';
import { sharedPath, requireData } from '../test-support/test-data';
import { useLabServer } from './support/lab-server';

const onnxModel = sharedPath('models', 'mobilenetv2-12-int8-onnx', 'mobilenetv2-12-int8.onnx');
test.skip(!requireData(onnxModel, 'the shared int8 MobileNetV2'));
const server = useLabServer();

test('the MobileNetV2-int8 JSEP disagreement is localized to a named node; the native WebGPU EP matches wasm', async ({
  page,
}) => {
  await page.goto(server.url);
  await page.waitForFunction(() => 'crosscheck' in window);
  const localize = (suspectId: 'ort-webgpu' | 'ort-webgpu-native') =>
    page.evaluate(async (suspect) => {
      // A smooth synthetic image in the model's normalized range: JSEP's garbage does not depend on the input.
      const size = 3 * 224 * 224;
      const data = Float32Array.from({ length: size }, (_, i) => Math.sin(i / 997) * 1.5);
      const result = await window.crosscheck.localizeOnnx({
        modelUrl: '/shared/models/mobilenetv2-12-int8-onnx/mobilenetv2-12-int8.onnx',
        input: { name: 'input', dtype: 'float32', shape: [1, 3, 224, 224], data },
        referenceId: 'ort-wasm',
        suspectId: suspect,
        assetBaseUrl: new URL('./', location.href).href,
        timeoutMs: 120_000,
      });
      const { firstDivergent, firstJump, diffs } = result.localization;
      return {
        line: result.line,
        reproduced: result.reproduced,
        first: firstDivergent && { node: firstDivergent.node, opType: firstDivergent.opType },
        jump: firstJump?.node ?? null,
        compared: diffs.length,
        placement: result.suspectPlacement,
        seconds: result.elapsedMs / 1000,
      };
    }, suspectId);

  const jsep = await localize('ort-webgpu');
  console.log(
    `${jsep.line}\n  placement: ${jsep.placement}; ${jsep.compared} outputs compared in ${jsep.seconds.toFixed(1)} s`,
  );
  expect(jsep.reproduced).toBe(true);
  expect(jsep.line).toMatch(/^first divergent node: \S+ \(/);
  expect(jsep.first?.node).toBeTruthy();
  expect(jsep.compared).toBeGreaterThan(60);

  const native = await localize('ort-webgpu-native');
  console.log(`${native.line}\n  ${native.compared} outputs compared in ${native.seconds.toFixed(1)} s`);
  expect(native.reproduced).toBe(false);
});
