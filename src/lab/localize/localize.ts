import type { ModelFormat } from '../../core/model-manifest';
import type { LocalizationResult } from '../../localize/localization-record';
import type { LocalizationRequest } from './localization-types';
import { localizeOnnx } from './localize-onnx';
import { localizeTfjs } from './localize-tfjs';
type Localizer = (request: LocalizationRequest) => Promise<LocalizationResult>;

/** One localizer per model format, all with the same request and result; a string says why there is none. */
const localizers: Record<ModelFormat, Localizer | string> = {
  onnx: localizeOnnx,
  'tfjs-layers': localizeTfjs,
  'tfjs-graph': localizeTfjs,
  tflite: 'localization of TFLite models: not available in this build',
};

/** Localizes one input's disagreement with the localizer for the format both configurations load. */
export function localize(format: ModelFormat, request: LocalizationRequest): Promise<LocalizationResult> {
  const localizer = localizers[format];
  if (typeof localizer === 'string') return Promise.reject(new Error(localizer));
  return localizer(request);
}
