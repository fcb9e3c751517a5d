import type { Environment } from '../../core/result-schema';
import { collectEnvironment } from '../../lab/run/collect-environment';
import { probeConfigurations, type ProbedConfiguration } from '../../lab/run/probe-configurations';
import { assetBaseUrl } from '../../lab/run/start-run';
import { runtimeOffline, type RuntimeOffline } from './runtime-offline';

/** What this device supports, detected live: each configuration probed in its own worker. */
export class DeviceInfo {
  environment = $state.raw<Environment | null>(null);
  probed = $state<ProbedConfiguration[]>([]);
  probing = $state(false);
  /** Each runtime's binaries: kept offline (precached) or not yet. */
  offline = $state.raw<RuntimeOffline[]>([]);

  async detect(): Promise<void> {
    if (this.probing) return;
    this.probing = true;
    this.probed = [];
    try {
      this.environment = await collectEnvironment();
      this.offline = await runtimeOffline(assetBaseUrl());
      await probeConfigurations(assetBaseUrl(), (p) => (this.probed = [...this.probed, p]));
    } finally {
      this.probing = false;
    }
  }
}
