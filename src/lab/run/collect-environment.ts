import type { Environment } from '../../core/result-schema';
import { webglRenderer, webgpuAdapterInfo } from '../../adapters/gpu-info';

interface UaData {
  getHighEntropyValues(hints: string[]): Promise<{
    fullVersionList?: { brand: string; version: string }[];
    platform?: string;
    platformVersion?: string;
  }>;
}

async function browserVersion(): Promise<{ name: string; version: string; platform: string | null } | null> {
  const uaData = (navigator as Navigator & { userAgentData?: UaData }).userAgentData;
  if (!uaData) return null;
  const values = await uaData.getHighEntropyValues(['fullVersionList', 'platformVersion']);
  const brand =
    values.fullVersionList?.find((b) => !/Not.A.Brand/i.test(b.brand) && b.brand !== 'Chromium') ??
    values.fullVersionList?.find((b) => b.brand === 'Chromium');
  return brand
    ? {
        name: brand.brand,
        version: brand.version,
        platform: values.platform ? `${values.platform} ${values.platformVersion ?? ''}`.trim() : null,
      }
    : null;
}

/** The device facts every run records, so results from different devices can be told apart. */
export async function collectEnvironment(): Promise<Environment> {
  const browser = await browserVersion().catch(() => null);
  return {
    userAgent: navigator.userAgent.replace(/[<>]/g, ''),
    browser: browser ? { name: browser.name, version: browser.version } : null,
    platform: browser?.platform ?? null,
    hardwareConcurrency: navigator.hardwareConcurrency ?? null,
    deviceMemoryGiB: (navigator as Navigator & { deviceMemory?: number }).deviceMemory ?? null,
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    gpuAdapter: await webgpuAdapterInfo().catch(() => null),
    webglRenderer: webglRenderer(),
  };
}
