import { configurations, type ConfigId } from '../../adapters/configurations';
import type { ProbeResult } from '../../adapters/runtime-adapter';
import { RuntimeWorkerClient } from './runtime-worker-client';

export interface ProbedConfiguration {
  configId: ConfigId;
  label: string;
  probe: ProbeResult;
}

/**
 * Asks each configuration, in its own worker exactly as a run would, whether this device can run it.
 * One at a time: starting several GPU backends at once on a small device is itself a failure mode.
 */
export async function probeConfigurations(
  assetBaseUrl: string,
  onProbed: (probed: ProbedConfiguration) => void = () => {},
  timeoutMs = 60_000,
): Promise<ProbedConfiguration[]> {
  const results: ProbedConfiguration[] = [];
  for (const { id, label } of configurations) {
    const client = new RuntimeWorkerClient(id, timeoutMs);
    let probe: ProbeResult;
    try {
      await client.init(assetBaseUrl);
      probe = await client.probe();
    } catch (error) {
      probe = { available: false, reason: `${id}: ${(error as Error).message}` };
    } finally {
      client.terminate();
    }
    const probed = { configId: id, label, probe };
    results.push(probed);
    onProbed(probed);
  }
  return results;
}
