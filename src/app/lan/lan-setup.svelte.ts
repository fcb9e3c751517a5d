/** What the store says about reaching it from another device (GET /api/lan). */
export interface LanInfo {
  urls: string[];
  https: boolean;
  caFingerprint: string | null;
}

/** Download link for the local CA certificate (server/tls/lan-routes.ts). */
export const caCertificateUrl = '/api/lan/ca.crt';

/**
 * The three things an installed, offline, multi-threaded app needs from this page's origin, watched live:
 * the service worker takes control some time after the first visit. A page whose certificate warning was
 * clicked through is still a secure context, but browsers refuse it a service worker.
 */
export class LanSetup {
  readonly secure = isSecureContext;
  readonly isolated = crossOriginIsolated;
  controlled = $state(false);
  info = $state<LanInfo | null>(null);
  infoError = $state<string | null>(null);

  start(): void {
    // Absent outside a secure context.
    if ('serviceWorker' in navigator) {
      this.controlled = navigator.serviceWorker.controller !== null;
      navigator.serviceWorker.addEventListener(
        'controllerchange',
        () => (this.controlled = navigator.serviceWorker.controller !== null),
      );
    }
    void this.#load();
  }

  async #load(): Promise<void> {
    try {
      const response = await fetch('/api/lan');
      if (!response.ok) throw new Error(`the store answered ${response.status}`);
      this.info = (await response.json()) as LanInfo;
    } catch (error) {
      this.infoError = `cannot ask the store (${error instanceof Error ? error.message : String(error)}): offline, or served without it`;
    }
  }
}
