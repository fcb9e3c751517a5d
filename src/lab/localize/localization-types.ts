import type { NamedTensor } from '../../core/tensor';
import { configuration, type ConfigId } from '../../adapters/configurations';
import { policyFor, type TolerancePolicy } from '../../localize/compare-nodes';

/** One input's disagreement between two configurations, to localize: the request of every format's localizer. */
export interface LocalizationRequest {
  /** The model the reference runs (ONNX file, or a TF.js model.json). */
  modelUrl: string;
  input: NamedTensor;
  referenceId: ConfigId;
  suspectId: ConfigId;
  assetBaseUrl: string;
  timeoutMs: number;
  /** The suspect runs this copy instead (same graph, other weights: an injected fault); default modelUrl. */
  suspectModelUrl?: string;
  /** Per-node tolerance; default the per-operator policy of the pair's backends (`policyFor`). */
  policy?: TolerancePolicy;
  /**
   * The run saw the suspect's final outputs leave the reference's on this input. Then, if the exposed
   * graph does not reproduce that, the suspect is captured in slices instead.
   */
  diverged?: boolean;
}

/** The per-operator policy of the request's two backends; half-float WebGL when the suspect forces it. */
export function pairPolicy(request: LocalizationRequest): TolerancePolicy {
  const halfFloat = configuration(request.suspectId).options.WEBGL_FORCE_F16_TEXTURES === true;
  return policyFor(
    [request.referenceId, request.suspectId].map((id) => configuration(id).backend),
    { halfFloat },
  );
}
