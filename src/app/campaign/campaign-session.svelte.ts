import { configurationsFor, defaultReference } from '../../adapters/configurations';
import type { Campaign } from '../../core/campaign-plan';
import type { LabProgress } from '../../lab/run/run-lab';
import { startRun, type RunOptions } from '../../lab/run/start-run';
import { zoo } from '../../lab/models/zoo';
import { getJson } from '../fleet/store-api';

/** The runs a plan asks this device for: each model × repetition, on the plan's configurations it can run. */
export function planRuns(campaign: Campaign): RunOptions[] {
  const { plan } = campaign;
  const images: RunOptions['images'] =
    plan.images.source === 'samples'
      ? { kind: 'samples' }
      : { kind: 'folder', url: `/shared/${plan.images.path ?? ''}/`.replace(/\/+/g, '/'), name: plan.images.path ?? 'shared' };
  return plan.modelIds.flatMap((modelId) => {
    const manifest = zoo.models.find((m) => m.id === modelId);
    const usable = new Set(manifest ? configurationsFor(manifest.format).map((c) => c.id as string) : plan.configIds);
    const configIds = plan.configIds.filter((id) => usable.has(id));
    const reference = manifest && configIds.includes(defaultReference(manifest.format)) ? defaultReference(manifest.format) : configIds[0];
    return Array.from({ length: plan.repetitions }, () => ({
      modelId,
      images,
      configIds,
      referenceConfigId: reference,
      limit: plan.images.limit,
      warmupRuns: plan.warmupRuns,
      timedRuns: plan.timedRuns,
    }));
  });
}

/** A device working through a campaign: the plan, progress, and each run contributed to the store. */
export class CampaignSession {
  campaign = $state.raw<Campaign | null>(null);
  error = $state<string | null>(null);
  progress = $state<LabProgress | null>(null);
  running = $state(false);
  done = $state(0);
  contributed = $state.raw<string[]>([]);

  constructor(readonly id: string) {}

  async load(): Promise<void> {
    try {
      this.campaign = await getJson<Campaign>(`/api/campaigns/${this.id}`);
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  /** Runs the plan; each run is kept on the device first (startRun), then linked to the campaign. */
  async run(): Promise<void> {
    if (!this.campaign) return;
    this.running = true;
    this.error = null;
    this.done = 0;
    try {
      for (const options of planRuns(this.campaign)) {
        const result = await startRun(options, (p) => (this.progress = p));
        await this.#contribute(result);
        this.done++;
      }
    } catch (error) {
      this.error = (error as Error).message;
    } finally {
      this.running = false;
    }
  }

  async #contribute(result: unknown): Promise<void> {
    const url = new URL('/api/runs', location.origin);
    url.searchParams.set('campaign', this.id);
    const device = localStorage.getItem('crosscheck-device-name');
    if (device) url.searchParams.set('device', device);
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${localStorage.getItem('crosscheck-lab-token') ?? ''}` },
      body: JSON.stringify(result),
    }).catch(() => null);
    // Not linked now (offline, no token)? The run is still queued in the outbox; only the link waits.
    if (!response?.ok) throw new Error(`run kept on this device, but not yet contributed: ${response ? (await response.json().catch(() => null))?.error ?? response.status : 'store unreachable'}`);
    this.contributed = [...this.contributed, (result as { runId: string }).runId];
  }
}
