import type { ModelSource } from '../../adapters/runtime-adapter';
import { sha256Hex } from '../../core/preprocess/sha256';
import type { VariantRecord } from '../../core/result-schema';
import { makeOnnxVariant } from '../../variants/make-variant';
import { formatVariantSpec, type VariantSpec } from '../../variants/variant-spec';
import { variantCache, type VariantCacheDb } from '../storage/variant-cache';
import type { ResolvedModel } from './resolve-model';

/** The variant as the run loads it, and the file part of its record. */
export interface ResolvedVariant {
  spec: VariantSpec;
  model: ResolvedModel;
  file: VariantRecord['files'][number];
}

const variantEntry = 'variant.onnx';

async function sourceBytes(source: ModelSource, what: string): Promise<Uint8Array> {
  if (source.kind === 'bytes') return new Uint8Array(source.model.files[source.model.entry]);
  const url = source.baseUrl + source.entry;
  const response = await fetch(url).catch((error: Error) => {
    throw new Error(`${what}: could not be fetched from ${url} (${error.message})`);
  });
  if (!response.ok) throw new Error(`${what}: HTTP ${response.status} from ${url}`);
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * The variant of a model, made from the ONNX form the ORT configurations load (the model itself, or a
 * TF.js model's converted sibling) and kept in the device's variant cache. The ORT configurations load
 * it; the others answer unsupported, naming why (docs/variants.md: which formats each variant exists in).
 */
export async function resolveVariant(
  model: ResolvedModel,
  spec: VariantSpec,
  cache: Pick<VariantCacheDb, 'getOrMake'> = variantCache(),
): Promise<ResolvedVariant> {
  const canonical = formatVariantSpec(spec);
  const onnx = model.loadRequestFor('ort', []);
  if ('unsupported' in onnx)
    throw new Error(
      `variant ${canonical}: ${model.manifest.id} has no ONNX form to make it from (${onnx.unsupported})`,
    );
  const original = await sourceBytes(onnx.request.source, `${model.manifest.id}: ${onnx.entry}`);
  const variant = await cache.getOrMake(await sha256Hex(original), canonical, () =>
    makeOnnxVariant(original, spec),
  );
  const source: ModelSource = {
    kind: 'bytes',
    model: { entry: variantEntry, files: { [variantEntry]: variant.bytes.slice().buffer } },
  };
  return {
    spec,
    file: {
      format: 'onnx',
      originalSha256: variant.originalSha256,
      originalBytes: variant.originalBytes,
      sha256: variant.sha256,
      bytes: variant.bytes.byteLength,
      detail: variant.detail,
    },
    model: {
      ...model,
      loadRequestFor(runtime, expectedInputs) {
        if (runtime !== 'ort')
          return {
            unsupported: `unsupported: the ${canonical} variant is made as ONNX only (the ORT configurations run it; ${runtime} runs the original on the reference)`,
          };
        return {
          request: { format: 'onnx', source, expectedInputs },
          entry: `${onnx.entry} (${canonical} variant)`,
        };
      },
    },
  };
}
