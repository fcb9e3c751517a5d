import { devices, type Project } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './chromium';

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
  runs: MatrixRun[];
  /** A CPU cap for the whole browser, in CPUs (a cgroup quota: cli/cpu-cgroup.ts); absent: uncapped. */
  cpus?: number;
}

const webgpuFlags = new Set(['--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader']);
const withoutWebgpu = chromiumArgs.filter((a) => !webgpuFlags.has(a));

const tfjsModel = 'nsfw-mobilenet-v2';
const tfliteModel = 'mobilenetv1-025-quant-tflite';

interface ProfileSetup {
  profile: MatrixProfile;
  /** Chromium's flags: which GPU paths exist. */
  args: string[];
  /** Context options, e.g. a device descriptor. */
  use?: Project['use'];
}

function project(name: string, { profile, args, use = {} }: ProfileSetup): Project {
  return { name, use: { ...use, profile, launchOptions: { executablePath: chromiumPath(), args } } };
}

/** desktop, phone, Raspberry-Pi-like, no-GPU: `--project=<name>` picks one; smoke is the quick one `npm test` runs. */
export const matrixProfiles: Record<string, ProfileSetup> = {
  desktop: {
    profile: {
      device: 'matrix desktop',
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
    args: chromiumArgs,
  },
  smoke: {
    profile: {
      device: 'matrix smoke',
      runs: [{ modelId: tfjsModel, configIds: ['tfjs-cpu', 'ort-wasm'], referenceConfigId: 'tfjs-cpu' }],
    },
    args: chromiumArgs,
  },
  phone: {
    profile: {
      device: 'matrix phone (Pixel 7 descriptor, no WebGPU, 0.5 CPU)',
      cpus: 0.5,
      runs: [
        {
          modelId: tfjsModel,
          configIds: ['tfjs-cpu', 'tfjs-wasm', 'tfjs-webgl', 'ort-wasm'],
          referenceConfigId: 'tfjs-cpu',
        },
        { modelId: tfliteModel, configIds: ['litert-wasm'], referenceConfigId: 'litert-wasm' },
      ],
    },
    args: withoutWebgpu,
    use: devices['Pixel 7'],
  },
  'raspberry-pi': {
    profile: {
      device: 'matrix Raspberry-Pi-like (800×480, no WebGPU, 0.25 CPU)',
      cpus: 0.25,
      runs: [
        { modelId: tfjsModel, configIds: ['tfjs-webgl', 'ort-wasm'], referenceConfigId: 'tfjs-webgl' },
        { modelId: tfliteModel, configIds: ['litert-wasm'], referenceConfigId: 'litert-wasm' },
      ],
    },
    args: withoutWebgpu,
    use: { viewport: { width: 800, height: 480 } },
  },
  'no-gpu': {
    profile: {
      device: 'matrix no GPU (--disable-gpu)',
      runs: [
        {
          modelId: tfjsModel,
          configIds: ['tfjs-cpu', 'tfjs-wasm', 'tfjs-webgl', 'ort-wasm'],
          referenceConfigId: 'tfjs-cpu',
        },
        { modelId: tfliteModel, configIds: ['litert-wasm'], referenceConfigId: 'litert-wasm' },
      ],
    },
    args: [...withoutWebgpu, '--disable-gpu'],
  },
};

export const matrixProjects: Project[] = Object.entries(matrixProfiles).map(([name, setup]) =>
  project(name, setup),
);

/** Every model and configuration the matrix runs: what a campaign's plan lists. */
export function matrixPlanIds(): { modelIds: string[]; configIds: string[] } {
  const runs = Object.values(matrixProfiles).flatMap((s) => s.profile.runs);
  return {
    modelIds: [...new Set(runs.map((r) => r.modelId))],
    configIds: [...new Set(runs.flatMap((r) => r.configIds))],
  };
}
