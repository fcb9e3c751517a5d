import type { TfjsModelJson } from '../core/tfjs-model-json';
import { convertGraphModel } from './graph/convert-graph-model';
import { convertLayersModel } from './layers/convert-layers-model';
import type { ConvertedModel, ConvertOptions } from './shared/conversion';

/** A TF.js graph model (`format: "graph-model"`, or a topology that is a list of TF nodes) rather than a layers model. */
export function isGraphModel(json: TfjsModelJson): boolean {
  if (json.format) return json.format === 'graph-model';
  return Array.isArray(json.modelTopology.node);
}

/** Converts either kind of TF.js model to ONNX, by the model.json's `format`. */
export function convertModel(
  json: TfjsModelJson,
  weightData: Uint8Array,
  options: ConvertOptions = {},
): ConvertedModel {
  return isGraphModel(json)
    ? convertGraphModel(json, weightData, options)
    : convertLayersModel(json, weightData, options);
}
