import { expect, test } from '@playwright/test';
import { runInPage } from '../cli/run-headless';
import { summaryTable } from '../src/core/report/summary-table';
import { generatedPath, requireData, sharedPath } from '../test-support/test-data';
import { useLabServer } from './support/lab-server';

const imagenetDir = sharedPath('data', 'imagenet-samples');
test.skip(
  ![
    requireData(imagenetDir, 'the shared ImageNet samples'),
    requireData(sharedPath('models', 'darknet-tiny-tfjs'), 'the shared Darknet-tiny model'),
    requireData(generatedPath('models', 'darknet-tiny', 'model.onnx'), "Darknet-tiny's converted ONNX model"),
  ].every(Boolean),
);
const server = useLabServer({ imagesDir: imagenetDir });

// The built-in MobileNetV2's classes are not ImageNet's: accuracy is shown on Darknet-tiny, whose are.
for (const spec of ['fp16', 'int8'] as const) {
  test(`the ${spec} variant of darknet-tiny: accuracy on 100 ImageNet samples beside the original's`, async ({
    page,
  }) => {
    const reference = 'ort-wasm[threads=1]';
    const result = await runInPage(page, server.url, {
      modelId: 'darknet-tiny',
      imagesDir: imagenetDir,
      variant: spec,
      configIds: ['ort-wasm'],
      referenceConfigId: reference,
      limit: 100,
      warmupRuns: 0,
      timedRuns: 1,
    });
    const original = result.configs.find((c) => c.configId === reference)!;
    const variant = result.configs.find((c) => c.configId === 'ort-wasm')!;
    expect(result.variant?.precision['ort-wasm'].ran).toBe('variant');
    expect(original.accuracy?.labelled).toBe(100);
    expect(variant.accuracy?.labelled).toBe(100);
    // A usable model keeps most of the original's accuracy (int8 and fp16 weights lose a few points at most).
    expect(original.accuracy!.top1!).toBeGreaterThan(0.3);
    expect(Math.abs(variant.accuracy!.top1! - original.accuracy!.top1!)).toBeLessThanOrEqual(0.05);
    expect(variant.agreement!.top1AgreementRate!).toBeGreaterThan(0.9);
    const summary = summaryTable(result);
    expect(summary).toContain(`Variant ${spec} against the original on ${reference}:`);
    console.log(summary.slice(summary.indexOf('Variant ')));
  });
}
