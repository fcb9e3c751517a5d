import { describe, expect, it } from 'vitest';
import type { FleetCell } from '../store-api';
import { deviceClass, recommendPerClass, recommendPerDevice } from './fleet-recommendations';

const cell = (
  device: string,
  configId: string,
  latencyP50Ms: number,
  extra: Partial<FleetCell> = {},
): FleetCell => ({
  modelId: 'm',
  device,
  browser: 'chromium 156',
  configId,
  runs: 2,
  okRuns: 2,
  top1Agreement: 1,
  accuracyTop1: null,
  latencyP50Ms,
  ...extra,
});

describe('fleet recommendations', () => {
  const laptop = 'Linux x86_64 8 cores · Intel Iris Xe';
  const other = 'Windows 4 cores · Intel Iris Xe';
  const phone = 'Android 8 cores · Adreno 730';
  const cells = [
    cell(laptop, 'tfjs-webgl', 5),
    cell(laptop, 'tfjs-wasm[threads=4]', 9),
    cell(other, 'tfjs-webgl', 6),
    cell(phone, 'tfjs-webgl[WEBGL_FORCE_F16_TEXTURES=true]', 3, { top1Agreement: 0.9 }),
    cell(phone, 'tfjs-webgl', 4, { okRuns: 1 }),
    cell(phone, 'tfjs-wasm[threads=4]', 30),
  ];

  it('per device: the fastest configuration that was ok every time and agrees often enough, never a faster one that does not', () => {
    const picks = recommendPerDevice(cells);
    expect(picks.map((p) => [p.device, p.configId])).toEqual([
      [laptop, 'tfjs-webgl'],
      [other, 'tfjs-webgl'],
      [phone, 'tfjs-wasm[threads=4]'],
    ]);
    expect(picks[2].rejected).toEqual([
      {
        configId: 'tfjs-webgl[WEBGL_FORCE_F16_TEXTURES=true]',
        reason: 'mean top-1 agreement 90.0 % is below 99.0 %',
      },
      { configId: 'tfjs-webgl', reason: 'not ok in 1 of 2 runs' },
    ]);
  });

  it('per device class: the configuration picked on most of its devices', () => {
    expect(deviceClass(laptop)).toBe('Intel Iris Xe');
    expect(recommendPerClass(recommendPerDevice(cells))).toEqual([
      { deviceClass: 'Intel Iris Xe', configId: 'tfjs-webgl', picked: 2, devices: 2 },
      { deviceClass: 'Adreno 730', configId: 'tfjs-wasm[threads=4]', picked: 1, devices: 1 },
    ]);
  });
});
