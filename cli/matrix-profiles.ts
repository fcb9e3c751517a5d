import { devices, type BrowserContextOptions } from 'playwright-core';
import { chromiumArgs } from './chromium';

/** One simulated kind of device: how Chromium starts, the page context, CPU slow-down, configurations. */
export interface MatrixProfile {
  name: string;
  /** What the fleet calls it. */
  device: string;
  args: string[];
  context: BrowserContextOptions;
  /** CDP Emulation.setCPUThrottlingRate: 1 = full speed. */
  cpuThrottling: number;
  configIds: string[];
  referenceConfigId: string;
}

const webgpuFlags = new Set(['--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader']);
const withoutWebgpu = chromiumArgs.filter((a) => !webgpuFlags.has(a));

export const matrixProfiles: MatrixProfile[] = [
  {
    name: 'desktop',
    device: 'matrix desktop',
    args: chromiumArgs,
    context: {},
    cpuThrottling: 1,
    configIds: ['tfjs-cpu', 'tfjs-wasm', 'tfjs-webgl', 'tfjs-webgpu'],
    referenceConfigId: 'tfjs-cpu',
  },
  {
    name: 'phone',
    device: 'matrix phone (Pixel 7, 4× CPU throttling)',
    args: withoutWebgpu,
    context: devices['Pixel 7'],
    cpuThrottling: 4,
    configIds: ['tfjs-cpu', 'tfjs-wasm', 'tfjs-webgl'],
    referenceConfigId: 'tfjs-cpu',
  },
  {
    name: 'raspberry-pi',
    device: 'matrix Raspberry-Pi-like (6× CPU throttling, WebGL only)',
    args: withoutWebgpu,
    context: { viewport: { width: 800, height: 480 } },
    cpuThrottling: 6,
    configIds: ['tfjs-webgl'],
    referenceConfigId: 'tfjs-webgl',
  },
  {
    name: 'no-gpu',
    device: 'matrix no GPU (--disable-gpu)',
    args: [...withoutWebgpu, '--disable-gpu'],
    context: {},
    cpuThrottling: 1,
    configIds: ['tfjs-cpu', 'tfjs-wasm', 'tfjs-webgl'],
    referenceConfigId: 'tfjs-cpu',
  },
];
