import type { ConfigId } from '../../adapters/configurations';
import type { TfjsFlags } from '../../adapters/tfjs/tfjs-backends';
import type { NamedTensor } from '../../core/tensor';
import type { Localization, TolerancePolicy } from '../../localize/compare-nodes';
import type { GraphNode } from '../../localize/expose-outputs';

/**
 * One input's disagreement between two configurations, to localize. `localizeOnnx`'s request is this
 * without the optional fields.
 */
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
  /** Per-node tolerance; default `defaultPolicy` of compare-nodes. */
  policy?: TolerancePolicy;
  /** TF.js flags set in the suspect's worker before its backend starts, e.g. half-float WebGL textures. */
  flags?: TfjsFlags;
}

/**
 * How the intermediate outputs were captured: ONNX with every node output exposed, TF.js layers models
 * through a multi-output model of every layer, TF.js graph models executed to every node, or slices.
 */
export type LocalizationMethod = 'exposed-outputs' | 'layer-outputs' | 'graph-nodes' | 'slices';

export interface LocalizationResult {
  /** Every captured node in the order compared (topological). */
  nodes: GraphNode[];
  localization: Localization;
  /** "first divergent node: …", as the CLI prints it. */
  line: string;
  /** Whether the suspect's final outputs still leave the reference when every node output is captured. */
  reproduced: boolean;
  method: LocalizationMethod;
  /** What the suspect's runtime said about where it ran (ORT's placement, TF.js's console warnings). */
  suspectPlacement: string | null;
  elapsedMs: number;
}
