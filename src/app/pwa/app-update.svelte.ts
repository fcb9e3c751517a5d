import { registerSW } from 'virtual:pwa-register';

/**
 * The service worker's life as the page sees it: ready for offline use after the first visit, and a new
 * version waiting. A new version is only offered; it takes over when the user says so (never mid-run).
 */
export class AppUpdate {
  offlineReady = $state(false);
  updateWaiting = $state(false);
  error = $state<string | null>(null);
  #update: ((reload?: boolean) => Promise<void>) | null = null;

  start(): void {
    if (!('serviceWorker' in navigator)) {
      this.error = 'this browser has no service workers: the app needs the network';
      return;
    }
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
