import { configuration, type ConfigId } from './configurations';
import type { RuntimeAdapter } from './runtime-adapter';
import type { TfjsFlags } from './tfjs/tfjs-backends';

/**
 * Imports only the runtime a configuration needs, so each worker carries one library. `tfjsFlags` are
 * set in TF.js before its backend starts (a localization run's half-float WebGL, for one).
 */
export async function createAdapter(
  configId: ConfigId,
  assetBaseUrl: string,
  tfjsFlags?: TfjsFlags,
): Promise<RuntimeAdapter> {
  const { runtime, backend } = configuration(configId);
  if (runtime === 'tfjs') {
    const { TfjsAdapter } = await import('./tfjs/tfjs-adapter');
    return new TfjsAdapter(backend, assetBaseUrl, tfjsFlags);
  }
  if (tfjsFlags && Object.keys(tfjsFlags).length)
    throw new Error(
      `${configId}: TF.js flags (${Object.keys(tfjsFlags).join(', ')}) given to a ${runtime} configuration`,
    );
  if (runtime === 'litert') {
    const { LiteRtAdapter } = await import('./litert/litert-adapter');
    return new LiteRtAdapter(backend, assetBaseUrl);
  }
  const { OrtAdapter } = await import('./ort/ort-adapter');
  return new OrtAdapter(backend, assetBaseUrl);
}
