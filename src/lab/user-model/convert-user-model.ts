import { weightPaths, parseModelJson } from '../../adapters/fetch-model-files';
import type { ModelFiles } from '../../adapters/runtime-adapter';
import { concatBuffers } from '../../adapters/model-hash';
import { convertLayersModel } from '../../convert/layers/convert-layers-model';
import type { TfjsModelJson } from '../../core/tfjs-model-json';
import type { UserConversion } from './user-model';

/**
 * Converts a user's TF.js layers model to ONNX in the page (batch 1, as the lab runs), so the ORT
 * configurations run it too. A failure (an unsupported layer, named) is a reason, not an error.
 */
export function convertUserModel(model: ModelFiles): UserConversion {
  try {
    const json = parseModelJson(model.files[model.entry], model.entry) as TfjsModelJson;
    const weights = concatBuffers(weightPaths(json, model.entry).map((path) => model.files[path]));
    const { onnx } = convertLayersModel(json, new Uint8Array(weights), { batchSize: 1 });
    return { onnx: onnx.slice().buffer };
  } catch (error) {
    return { error: `conversion to ONNX failed: ${(error as Error).message}` };
  }
}
