import { rerunBundle } from '../../lab/repro/rerun-bundle';
import { assetBaseUrl, defaults } from '../../lab/run/start-run';
import { labSettings } from '../../lab/sync/lab-settings';
import { base64 } from '../../repro/base64';
import type { CampaignBundle } from '../../repro/campaign-bundles';
import { getJson, postJson } from '../fleet/store-api';

/**
 * The repro bundles a campaign carries (docs/repro-bundles.md): listed with every device's answer,
 * added from a zip, and answered by this device: each one rerun here, its answer sent to the store.
 */
export class CampaignBundles {
  list = $state.raw<CampaignBundle[]>([]);
  error = $state<string | null>(null);
  /** The bundle being rerun now, by file name. */
  answering = $state<string | null>(null);

  constructor(readonly campaignId: string) {}

  #path = (rest = '') => `/api/campaigns/${this.campaignId}/bundles${rest}`;

  async load(): Promise<void> {
    try {
      this.list = (await getJson<{ bundles: CampaignBundle[] }>(this.#path())).bundles;
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  /** Adds a bundle (the lab token is needed); the store checks it as the lab does. */
  async add(file: File): Promise<void> {
    this.error = null;
    try {
      const zipBase64 = base64(new Uint8Array(await file.arrayBuffer()));
      await postJson(this.#path(), { fileName: file.name, zipBase64 });
      await this.load();
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  /** Reruns every bundle on this device and sends each answer under this device's name. */
  async answerAll(): Promise<void> {
    this.error = null;
    const { token, deviceName } = await labSettings().read();
    if (!deviceName) {
      this.error = 'give this device a name (Sync panel) to answer the repro bundles under it';
      return;
    }
    try {
      for (const bundle of this.list) {
        this.answering = bundle.fileName;
        const response = await fetch(this.#path(`/${bundle.bundleSha256}`), {
          headers: token ? { authorization: `Bearer ${token}` } : {},
        });
        if (!response.ok) throw new Error(`${bundle.fileName}: HTTP ${response.status}`);
        const zip = new Uint8Array(await response.arrayBuffer());
        const answer = await rerunBundle(
          zip,
          { assetBaseUrl: assetBaseUrl(), timeoutMs: defaults.timeoutMs },
          bundle.fileName,
        );
        const device = encodeURIComponent(deviceName);
        await postJson(this.#path(`/${bundle.bundleSha256}/answers?device=${device}`), answer);
      }
      await this.load();
    } catch (error) {
      this.error = (error as Error).message;
    } finally {
      this.answering = null;
    }
  }
}
