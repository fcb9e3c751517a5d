import type { ConformanceRecord } from '../../core/conformance/conformance-schema';
import { runConformance, type ConformanceOptions, type ConformanceProgress } from './run-conformance';
import { runModelConformance } from './run-model-conformance';

/** The one entry the page and the headless runner share: a model's operators, or ONNX's node tests. */
export function startConformance(
  options: ConformanceOptions,
  onProgress: (progress: ConformanceProgress) => void = () => {},
): Promise<ConformanceRecord> {
  return options.modelId
    ? runModelConformance(options.modelId, options, onProgress)
    : runConformance(options, onProgress);
}
