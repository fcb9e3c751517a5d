import { configuration, type ConfigId } from './configurations';
import type { RuntimeAdapter } from './runtime-adapter';

/** Imports only the runtime a configuration needs, so each worker carries one library. */
export async function createAdapter(configId: ConfigId, assetBaseUrl: string): Promise<RuntimeAdapter> {
  const { runtime, backend } = configuration(configId);
  if (runtime === 'tfjs') {
    const { TfjsAdapter } = await import('./tfjs/tfjs-adapter');
    return new TfjsAdapter(backend, assetBaseUrl);
  }
  if (runtime === 'litert') {
    const { LiteRtAdapter } = await import('./litert/litert-adapter');
    return new LiteRtAdapter(backend, assetBaseUrl);
  }
  const { OrtAdapter } = await import('./ort/ort-adapter');
  return new OrtAdapter(backend, assetBaseUrl);
}
