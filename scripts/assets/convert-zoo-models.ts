import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readTfjsModel } from '../../node-reference/node-runtimes';
import { convertLayersModel } from '../../src/convert/layers/convert-layers-model';

/**
 * Converts the zoo's TF.js layers models to ONNX with Crosscheck's own converter, so the ORT
 * configurations run the same model: the embedded nsfwjs models always, Darknet-tiny when the shared
 * folder is there. Written as public/generated/models/<id>/model.onnx (never committed).
 */
export async function convertZooModels(generatedModels: string, sharedRoot: string): Promise<string[]> {
  const sources = [
    { id: 'nsfw-mobilenet-v2', modelJson: join(generatedModels, 'nsfw-mobilenet-v2', 'model.json') },
    { id: 'nsfw-inception-v3', modelJson: join(generatedModels, 'nsfw-inception-v3', 'model.json') },
    { id: 'darknet-tiny', modelJson: join(sharedRoot, 'models', 'darknet-tiny-tfjs', 'model.json') },
  ];
  const written: string[] = [];
  for (const { id, modelJson } of sources.filter((s) => existsSync(s.modelJson))) {
    const { json, data } = await readTfjsModel(modelJson);
    await mkdir(join(generatedModels, id), { recursive: true });
    await writeFile(
      join(generatedModels, id, 'model.onnx'),
      convertLayersModel(json, data, { batchSize: 1 }).onnx,
    );
    written.push(id);
  }
  return written;
}
