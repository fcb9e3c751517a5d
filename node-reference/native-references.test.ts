import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { modelManifestSchema } from '../src/core/model-manifest';
import { decodeImage } from '../src/core/preprocess/decode-image';
import { sha256Hex } from '../src/core/preprocess/sha256';
import { toInputTensor } from '../src/core/preprocess/to-input-tensor';
import { topLabels } from '../src/core/report/compare-output';
import { nativeComparison } from '../src/core/report/native-comparison';
import { runResultSchema, type RunResult } from '../src/core/result-schema';
import { validRunResult } from '../src/core/result-schema.test-fixture';
import { generatedPath, requireData } from '../test-support/test-data';
import { checkNativeReferences, runNativeReferences } from './native-references';

const hasData =
  requireData(generatedPath('models', 'nsfw-mobilenet-v2', 'model.onnx'), 'the default model and its ONNX') &&
  requireData(generatedPath('samples', 'index.json'), 'the built-in sample images');

/** A record of nsfw-mobilenet-v2 on the first sample, with the input hash the page would have recorded. */
async function defaultModelRun(): Promise<RunResult> {
  const manifest = modelManifestSchema.parse(
    JSON.parse(readFileSync('models/nsfw-mobilenet-v2.json', 'utf8')),
  );
  const [name] = JSON.parse(readFileSync(generatedPath('samples', 'index.json'), 'utf8')) as string[];
  const path = generatedPath('samples', name);
  const input = toInputTensor(
    await decodeImage(new Uint8Array(readFileSync(path)), path),
    manifest.preprocess,
  );
  const run = validRunResult();
  run.model = {
    ...run.model,
    id: manifest.id,
    format: 'tfjs-layers',
    classes: 5,
    outputKind: 'probabilities',
    sha256: await sha256Hex(readFileSync(generatedPath('models', 'nsfw-mobilenet-v2', 'model.json'))),
  };
  run.images = [{ ...run.images[0], name, inputSha256: await sha256Hex(input.data), outcomes: [] }];
  return run;
}

describe.skipIf(!hasData)('native references', () => {
  it("runs TF.js cpu and wasm and onnxruntime-node on the page's input bytes; their drift is measured", async () => {
    const run = await defaultModelRun();
    const runs = await runNativeReferences(run);
    expect(runs.map((r) => [r.id, r.error, r.outputs.size])).toEqual([
      ['node-tfjs-cpu', null, 1],
      ['node-tfjs-wasm', null, 1],
      ['node-ort-cpu', null, 1],
    ]);
    // A browser configuration that gave the cpu reference's own top-5 agrees with it exactly.
    const cpu = runs[0].outputs.get(run.images[0].name)!;
    const labels = { names: ['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy'], wnids: null };
    run.images[0].outcomes = [{ ...validRunResult().images[0].outcomes[0], top5: topLabels(cpu, labels) }];
    const native = nativeComparison(run, runs);
    expect(native.perConfiguration['ort-wasm']).toEqual({ images: 1, top1Agreement: 1, maxAbsDiffTop5: 0 });
    // Float32 backends and the converted model differ by rounding: measured, above 0, far below a label flip.
    expect(native.driftMaxAbsDiff).toBeGreaterThan(0);
    expect(native.driftMaxAbsDiff).toBeLessThan(1e-3);
    expect(runResultSchema.parse({ ...run, native }).native?.references).toHaveLength(3);
  });

  it('refuses inputs whose bytes differ from what the page fed, naming the image', async () => {
    const run = await defaultModelRun();
    run.images[0].inputSha256 = 'f'.repeat(64);
    await expect(runNativeReferences(run)).rejects.toThrow(
      /--native: .*samples.*: the input tensor built in Node has sha256 [0-9a-f]{64}, the page fed f{64}/,
    );
  });
});

describe('checkNativeReferences', () => {
  it('refuses, before any browser run, a model it has no native references for, naming why', async () => {
    await expect(checkNativeReferences('mobilenetv1-025-quant-tflite')).rejects.toThrow(
      '--native: mobilenetv1-025-quant-tflite is a tflite model, which has no native reference yet (TF.js layers and ONNX models have them)',
    );
    await expect(checkNativeReferences('no-such-model')).rejects.toThrow(
      '--native: no zoo model "no-such-model"',
    );
    await expect(checkNativeReferences('mobilenetv2-int8')).resolves.toBeUndefined();
  });
});
