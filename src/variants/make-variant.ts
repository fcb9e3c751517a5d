import { sha256Hex } from '../core/preprocess/sha256';
import { decodeModel, encodeModel, type OnnxModel } from '../convert/onnx/onnx-model';
import { mutateGraph } from './mutate-graph';
import { pruneWeights } from './prune-weights';
import { quantizeInt8 } from './quantize-int8';
import { toFloat16 } from './to-float16';
import { formatVariantSpec, noiseScale, type VariantSpec } from './variant-spec';
import { weightNoise } from './weight-noise';

/** A generated variant: its bytes, identity, and what the transform did. */
export interface OnnxVariant {
  /** The canonical written spec. */
  spec: string;
  bytes: Uint8Array;
  sha256: string;
  originalSha256: string;
  originalBytes: number;
  detail: string;
}

function transform(model: OnnxModel, spec: VariantSpec): { model: OnnxModel; detail: string } {
  switch (spec.kind) {
    case 'original':
      return { model, detail: 'the original, unchanged' };
    case 'fp16':
      return toFloat16(model);
    case 'int8':
      return quantizeInt8(model);
    case 'prune':
      return pruneWeights(model, spec.sparsity);
    case 'mutant':
      return spec.op === 'weight-noise'
        ? weightNoise(model, { seed: spec.seed, scale: noiseScale(spec), nodes: spec.nodes })
        : mutateGraph(model, { op: spec.op, seed: spec.seed, nodes: spec.nodes });
  }
}

/**
 * The variant of an ONNX model: a pure function of the original's bytes and the spec, so the same pair
 * always gives the same bytes (and sha256). The spec and the original's hash are kept in the model's
 * metadata, so a variant file names what it was made from.
 */
export async function makeOnnxVariant(original: Uint8Array, spec: VariantSpec): Promise<OnnxVariant> {
  const canonical = formatVariantSpec(spec);
  const originalSha256 = await sha256Hex(original);
  const made = transform(decodeModel(original), spec);
  const metadataProps = [
    ...(made.model.metadataProps ?? []).filter((p) => !p.key.startsWith('crosscheck.variant')),
    { key: 'crosscheck.variant', value: canonical },
    { key: 'crosscheck.variant.original_sha256', value: originalSha256 },
  ];
  const bytes = spec.kind === 'original' ? original : encodeModel({ ...made.model, metadataProps });
  return {
    spec: canonical,
    bytes,
    sha256: await sha256Hex(bytes),
    originalSha256,
    originalBytes: original.byteLength,
    detail: made.detail,
  };
}
