import type { ConfigId } from '../../adapters/configurations';
import type { NamedTensor } from '../../core/tensor';
import { captureInWorker } from '../localize/capture-in-worker';
import type { LocalizationRequest } from '../localize/localization-types';

/** A bundle's TF.js model (model.json and its weight file) run in a fresh lab worker for one configuration. */
export function captureTfjsBundle(
  configId: ConfigId,
  format: 'tfjs-layers' | 'tfjs-graph',
  files: Record<string, Uint8Array>,
  input: NamedTensor,
  names: string[],
  options: Pick<LocalizationRequest, 'assetBaseUrl' | 'timeoutMs'>,
) {
  const model = {
    entry: 'model.json',
    files: Object.fromEntries(
      Object.entries(files).map(([path, bytes]): [string, ArrayBuffer] => [path, bytes.slice().buffer]),
    ),
  };
  return captureInWorker(configId, { format, source: { kind: 'bytes', model } }, names, {
    ...options,
    input,
  });
}
