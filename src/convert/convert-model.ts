import { convertGraphModel } from './convert-graph-model';
import {
  convertLayersModel,
  type ConvertedModel,
  type ConvertOptions,
  type LayersModelJson,
} from './convert-layers-model';
import type { GraphModelJson } from './graph-topology';

/** A TF.js graph model (`format: "graph-model"`, or a topology that is a list of TF nodes) rather than a layers model. */
export function isGraphModel(json: LayersModelJson): boolean {
  if (json.format) return json.format === 'graph-model';
  return Array.isArray((json.modelTopology as { node?: unknown } | undefined)?.node);
}

/** Converts either kind of TF.js model to ONNX, by the model.json's `format`. */
export function convertModel(
  json: LayersModelJson & GraphModelJson,
  weightData: Uint8Array,
  options: ConvertOptions = {},
): ConvertedModel {
  return isGraphModel(json)
    ? convertGraphModel(json, weightData, options)
    : convertLayersModel(json, weightData, options);
}
