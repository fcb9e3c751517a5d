import { expect } from '@playwright/test';
import type { ConfigResult } from '../../src/core/result-schema';

/** WebNN depends on the browser build and the device: it either ran or says why it could not, anywhere. */
export function expectWebnnRanOrSaidWhy(config: ConfigResult): void {
  expect(config.configId).toBe('ort-webnn');
  if (config.status === 'ok') return;
  expect(config.status, config.reason ?? '').toBe('unsupported');
  expect(config.reason).toMatch(/^unsupported: \S/);
}
