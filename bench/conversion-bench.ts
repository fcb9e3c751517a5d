import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readTfjsModel } from '../node-reference/node-runtimes';
import { defaultSharedDir } from '../server/folder-mounts';
import { convertLayersModel } from '../src/convert/layers/convert-layers-model';

export interface ConversionTiming {
  model: string;
  layers: number;
  onnxBytes: number;
  /** Median of the runs, milliseconds (reading the files excluded). */
  medianMs: number;
}

/** Conversion time per zoo model (TF.js layers → ONNX), median of `runs`; models that are absent are skipped. */
export async function benchConversion(runs = 5): Promise<ConversionTiming[]> {
  const root = join(import.meta.dirname, '..');
  const shared = defaultSharedDir();
  const models = [
    ['nsfw-mobilenet-v2', join(root, 'public/generated/models/nsfw-mobilenet-v2/model.json')],
    ['nsfw-inception-v3', join(root, 'public/generated/models/nsfw-inception-v3/model.json')],
    ['darknet-tiny', join(shared, 'models/darknet-tiny-tfjs/model.json')],
  ];
  const timings: ConversionTiming[] = [];
  for (const [model, path] of models.filter(([, p]) => existsSync(p))) {
    const { json, data } = await readTfjsModel(path);
    const samples: number[] = [];
    let result = convertLayersModel(json, data);
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      result = convertLayersModel(json, data);
      samples.push(performance.now() - started);
    }
    samples.sort((a, b) => a - b);
    timings.push({
      model,
      layers: result.layers.length,
      onnxBytes: result.onnx.byteLength,
      medianMs: samples[Math.floor(runs / 2)],
    });
  }
  return timings;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const t of await benchConversion()) {
    console.log(
      `${t.model.padEnd(20)} ${String(t.layers).padStart(4)} layers  ${(t.onnxBytes / 1e6).toFixed(1).padStart(6)} MB  ${t.medianMs.toFixed(0).padStart(6)} ms`,
    );
  }
}
