import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { convertModel, isGraphModel } from '../src/convert/convert-model';
import { faultKinds, type FaultKind } from '../src/convert/layers/faults';
import { repairParameters, verifyConversion } from '../src/convert/verify/localize-fault';
import {
  nodeVerifyRuntimes,
  OnnxRunner,
  readTfjsModel,
  useTfjsBackend,
  verificationInput,
} from '../node-reference/node-runtimes';

/**
 * npm run convert -- <model.json> <out.onnx> [--debug] [--inject <fault>] [--verify] [--repair]
 * Converts a TF.js layers or graph model (by model.json's `format`) to ONNX; for layers models,
 * --verify compares every layer with TF.js in Node and names the first divergent layer and the fault
 * class, and --repair copies source weights over parameter faults.
 */
const usage = `usage: npm run convert -- <model.json> <out.onnx> [--debug] [--inject ${faultKinds.join('|')}] [--verify] [--repair]`;
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    debug: { type: 'boolean' },
    inject: { type: 'string' },
    verify: { type: 'boolean' },
    repair: { type: 'boolean' },
  },
});
const [modelPath, outPath] = positionals;
if (!modelPath || !outPath) {
  console.error(usage);
  process.exit(2);
}
if (values.inject && !faultKinds.includes(values.inject as FaultKind)) {
  console.error(`--inject ${values.inject}: unknown fault (known: ${faultKinds.join(', ')})`);
  process.exit(2);
}

try {
  const files = await readTfjsModel(modelPath);
  const started = performance.now();
  const verifying = values.verify || values.repair;
  const graph = isGraphModel(files.json);
  if (graph && (verifying || values.inject))
    throw new Error(
      `${modelPath} is a graph model: --verify, --repair and --inject work on layers models only`,
    );
  const converted = convertModel(files.json, files.data, {
    debug: values.debug || verifying,
    inject: values.inject as FaultKind | undefined,
  });
  console.log(
    `${modelPath} → ${outPath}: ${converted.layers.length} ${graph ? 'graph nodes' : 'layers'}, ${(converted.onnx.byteLength / 1e6).toFixed(1)} MB, ${(performance.now() - started).toFixed(0)} ms`,
  );
  if (converted.injected)
    console.log(`injected ${converted.injected.kind} fault at layer ${converted.injected.layer}`);
  let onnx = converted.onnx;
  if (verifying) {
    await useTfjsBackend('wasm');
    const runtimes = await nodeVerifyRuntimes(files);
    const shape = [1, ...converted.inputShape.slice(1).map((d) => d ?? 224)];
    const input = verificationInput(shape);
    const report = async (model: Uint8Array, what: string) => {
      const { diagnosis, diffs } = await verifyConversion(files, model, runtimes, input, shape);
      const worst = Math.max(...diffs.map((d) => d.relativeDiff));
      console.log(
        diagnosis
          ? `${what}: first divergent layer ${diagnosis.layer} (${diagnosis.className}), relative diff ${diagnosis.relativeDiff.toExponential(2)}, max abs ${diagnosis.maxAbsDiff.toExponential(2)}\n  fault class: ${diagnosis.faultClass}\n  evidence: ${diagnosis.evidence}`
          : `${what}: every layer agrees (largest relative diff ${worst.toExponential(2)})`,
      );
      return diagnosis;
    };
    const diagnosis = await report(onnx, 'verification');
    if (values.repair && diagnosis?.faultClass === 'parameters') {
      const top1 = async (model: Uint8Array) => {
        const runner = await OnnxRunner.create(model);
        const labels: number[] = [];
        for (let seed = 1; seed <= 20; seed++)
          labels.push(argmax(await runner.first(verificationInput(shape, seed), shape)));
        await runner.release();
        return labels;
      };
      const source: number[] = [];
      const { loadTfjs, predictTfjs } = await import('../node-reference/node-runtimes');
      const model = await loadTfjs(files);
      for (let seed = 1; seed <= 20; seed++)
        source.push(argmax(await predictTfjs(model, verificationInput(shape, seed), shape)));
      const agreement = (labels: number[]) => labels.filter((l, i) => l === source[i]).length;
      const before = agreement(await top1(onnx));
      const repaired = repairParameters(files, onnx);
      onnx = repaired.model;
      console.log(
        `repaired ${repaired.repaired.join(', ')}; top-1 agreement with TF.js on 20 inputs: before ${before}/20, after ${agreement(await top1(onnx))}/20`,
      );
      await report(onnx, 're-verification');
    }
    runtimes.dispose();
  }
  await writeFile(outPath, onnx);
} catch (error) {
  console.error(`convert: ${(error as Error).message}`);
  process.exit(1);
}

function argmax(values: Float32Array): number {
  return values.reduce((best, v, i) => (v > values[best] ? i : best), 0);
}
