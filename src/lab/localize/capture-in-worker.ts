import type { ConfigId } from '../../adapters/configurations';
import type { LoadRequest } from '../../adapters/runtime-adapter';
import type { RuntimeDetails } from '../../core/result-schema';
import type { NamedTensor } from '../../core/tensor';
import { RuntimeWorkerClient } from '../run/runtime-worker-client';
import type { LocalizationRequest } from './localization-types';

/**
 * Loads a model in a fresh runtime worker for one configuration, as a run does, and captures the named
 * outputs for the request's input. Returns them by name with what the suspect's runtime said about
 * where it ran (ORT's placement, TF.js's console warnings).
 */
export async function captureInWorker(
  configId: ConfigId,
  model: Omit<LoadRequest, 'expectedInputs'>,
  names: string[],
  request: Pick<LocalizationRequest, 'input' | 'assetBaseUrl' | 'timeoutMs'>,
): Promise<{ outputs: Map<string, NamedTensor>; placement: string | null; runtime: RuntimeDetails }> {
  const worker = new RuntimeWorkerClient(configId, request.timeoutMs);
  try {
    await worker.init(request.assetBaseUrl);
    const probe = await worker.probe();
    if (!probe.available) throw new Error(`${configId} is not available here: ${probe.reason}`);
    const { name, dtype, shape } = request.input;
    const report = await worker.load({ ...model, expectedInputs: [{ name, dtype, shape }] });
    // The input buffer is transferred to the worker: each run gets its own copy.
    const input = { ...request.input, data: request.input.data.slice() } as NamedTensor;
    const { outputs } = await worker.infer({ inputs: [input], outputs: names }, 'localize');
    return {
      outputs: new Map(outputs.map((o) => [o.name, o])),
      placement: report.runtime.fallbackDetail,
      runtime: report.runtime,
    };
  } finally {
    worker.terminate();
  }
}
