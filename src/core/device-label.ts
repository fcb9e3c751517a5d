import type { Environment } from './result-schema';

/**
 * How the fleet names a device from what the browser told us: platform, cores, memory and graphics.
 * Two runs on one machine and browser get the same label; page and store both use this.
 */
export function deviceLabel(env: Environment): string {
  const graphics = env.gpuAdapter?.description || env.gpuAdapter?.vendor || env.webglRenderer || 'no GPU';
  const memory = env.deviceMemoryGiB === null ? '' : ` ${env.deviceMemoryGiB} GiB`;
  const cores = env.hardwareConcurrency === null ? '' : ` ${env.hardwareConcurrency} cores`;
  return `${env.platform ?? 'unknown platform'}${cores}${memory} · ${graphics}`;
}

/** "chromium 130": the browser and its major version. */
export function browserLabel(env: Environment): string {
  if (!env.browser) return 'unknown browser';
  return `${env.browser.name} ${env.browser.version.split('.')[0]}`;
}
