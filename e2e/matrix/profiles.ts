import { devices, type Project } from '@playwright/test';
import { chromiumArgs, chromiumPath } from '../../cli/chromium';

/** One model and the configurations a profile runs it on (a run holds one model, so TF.js+ORT and LiteRT are two). */
export interface MatrixRun {
  modelId: string;
  configIds: string[];
  referenceConfigId: string;
}

/** One simulated kind of device, as a Playwright project option. */
export interface MatrixProfile {
  /** What the fleet calls it. */
  device: string;
  /**
   * The whole browser's CPU budget, in percent of one core (cpulimit over Chromium and its children), or
   * null for none. CDP throttling does not do: Chromium refuses it on worker targets, where inference runs.
   */
  cpuLimitPercent: number | null;
  runs: MatrixRun[];
}

const webgpuFlags = new Set(['--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader']);
const withoutWebgpu = chromiumArgs.filter((a) => !webgpuFlags.has(a));

const tfjsModel = 'nsfw-mobilenet-v2';
const tfliteModel = 'mobilenetv1-025-quant-tflite';

function project(name: string, profile: MatrixProfile, args: string[], use: Project['use'] = {}): Project {
  return { name, use: { ...use, profile, launchOptions: { executablePath: chromiumPath(), args } } };
}

/** desktop, phone, Raspberry-Pi-like, no-GPU: `--project=<name>` picks one. */
export const matrixProjects: Project[] = [
  project(
    'desktop',
    {
      device: 'matrix desktop',
      cpuLimitPercent: null,
      runs: [
        {
          modelId: tfjsModel,
          configIds: ['tfjs-cpu', 'tfjs-wasm', 'tfjs-webgl', 'tfjs-webgpu', 'ort-wasm', 'ort-webgpu'],
          referenceConfigId: 'tfjs-cpu',
        },
        {
          modelId: tfliteModel,
          configIds: ['litert-wasm', 'litert-webgpu'],
          referenceConfigId: 'litert-wasm',
        },
      ],
    },
    chromiumArgs,
  ),
  project(
    'phone',
    {
      device: 'matrix phone (Pixel 7, browser capped at 50% of a core)',
      cpuLimitPercent: 50,
      runs: [
        {
          modelId: tfjsModel,
          configIds: ['tfjs-cpu', 'tfjs-wasm', 'tfjs-webgl', 'ort-wasm'],
          referenceConfigId: 'tfjs-cpu',
        },
        { modelId: tfliteModel, configIds: ['litert-wasm'], referenceConfigId: 'litert-wasm' },
      ],
    },
    withoutWebgpu,
    devices['Pixel 7'],
  ),
  project(
    'raspberry-pi',
    {
      device: 'matrix Raspberry-Pi-like (browser capped at 25% of a core, WebGL only)',
      cpuLimitPercent: 25,
      runs: [
        { modelId: tfjsModel, configIds: ['tfjs-webgl', 'ort-wasm'], referenceConfigId: 'tfjs-webgl' },
        { modelId: tfliteModel, configIds: ['litert-wasm'], referenceConfigId: 'litert-wasm' },
      ],
    },
    withoutWebgpu,
    { viewport: { width: 800, height: 480 } },
  ),
  project(
    'no-gpu',
    {
      device: 'matrix no GPU (--disable-gpu)',
      cpuLimitPercent: null,
      runs: [
        {
          modelId: tfjsModel,
          configIds: ['tfjs-cpu', 'tfjs-wasm', 'tfjs-webgl', 'ort-wasm'],
          referenceConfigId: 'tfjs-cpu',
        },
        { modelId: tfliteModel, configIds: ['litert-wasm'], referenceConfigId: 'litert-wasm' },
      ],
    },
    [...withoutWebgpu, '--disable-gpu'],
  ),
];
