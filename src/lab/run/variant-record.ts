import { configuration, type ConfigId } from '../../adapters/configurations';
import type { ConfigResult, VariantRecord } from '../../core/result-schema';
import { computedPrecision } from '../../variants/computed-precision';
import { formatVariantSpec } from '../../variants/variant-spec';
import type { ResolvedVariant } from '../models/resolve-variant';

/** The run record's `variant`: what was run, and per configuration what it computed in. */
export function variantRecord(
  variant: ResolvedVariant,
  configs: readonly ConfigResult[],
  referenceConfigId: ConfigId,
): VariantRecord {
  const precision = Object.fromEntries(
    configs.map((c) => {
      const { runtime, backend } = configuration(c.configId as ConfigId);
      const shaderF16 = c.runtime?.flags['webgpu.shader-f16'];
      const computed = computedPrecision(variant.spec.kind, {
        runtime,
        backend,
        isReference: c.configId === referenceConfigId,
        status: c.status,
        reason: c.reason,
        shaderF16: typeof shaderF16 === 'boolean' ? shaderF16 : null,
      });
      return [c.configId, { ...computed, note: computed.note.slice(0, 1024) }];
    }),
  );
  return {
    spec: formatVariantSpec(variant.spec),
    kind: variant.spec.kind,
    files: variant.files,
    precision,
  };
}
