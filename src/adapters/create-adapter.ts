import { configurations, parseConfigId, type ConfigId } from './configurations';
import type { RuntimeAdapter } from './runtime-adapter';

/** Imports only the runtime a configuration needs, so each worker carries one library, and hands it the options. */
export async function createAdapter(configId: ConfigId, assetBaseUrl: string): Promise<RuntimeAdapter> {
  const { base, options } = parseConfigId(configId);
  const { runtime, backend } = configurations.find((c) => c.id === base)!;
  if (runtime === 'tfjs') {
    const { TfjsAdapter } = await import('./tfjs/tfjs-adapter');
    return new TfjsAdapter(backend, assetBaseUrl, options);
  }
  if (runtime === 'litert') {
    const { LiteRtAdapter } = await import('./litert/litert-adapter');
    return new LiteRtAdapter(backend, assetBaseUrl);
  }
  const { OrtAdapter } = await import('./ort/ort-adapter');
  return new OrtAdapter(backend, assetBaseUrl, options);
}
