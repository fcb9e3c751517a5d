import { registerSW } from 'virtual:pwa-register';
import { noRunInProgress } from '../../lab/run/runs-in-progress';

/** Long enough for a run started with the page (the headless runner calls at once) to have begun. */
const settleMs = 2000;

/**
 * The service worker's life as the page sees it: ready for offline use after the first visit, and a new
 * version waiting. A new version is only offered; it takes over when the user says so (never mid-run).
 */
export class AppUpdate {
  offlineReady = $state(false);
  updateWaiting = $state(false);
  error = $state<string | null>(null);
  #update: ((reload?: boolean) => Promise<void>) | null = null;

  /**
   * Registers the service worker once the page has settled and no run is in progress. Its first install
   * downloads every precached file (about 50 MB, over a second here), which would compete with a run's
   * loading and timing: a run started at once (the headless runner, a quick click) puts it off until
   * the run ends.
   */
  async start(): Promise<void> {
    if (!('serviceWorker' in navigator)) {
      this.error = 'this browser has no service workers: the app needs the network';
      return;
    }
    await new Promise((settled) => setTimeout(settled, settleMs));
    await noRunInProgress();
    this.#update = registerSW({
      immediate: true,
      onOfflineReady: () => (this.offlineReady = true),
      onNeedRefresh: () => (this.updateWaiting = true),
      onRegisterError: (error: unknown) => (this.error = `offline support failed: ${String(error)}`),
    });
  }

  /** Hands over to the waiting version and reloads the page. */
  async apply(): Promise<void> {
    this.updateWaiting = false;
    await this.#update?.(true);
  }

  dismiss(): void {
    this.updateWaiting = false;
    this.offlineReady = false;
  }
}
