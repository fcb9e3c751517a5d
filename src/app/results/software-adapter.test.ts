import { describe, expect, it } from 'vitest';
import { validRunResult } from '../../core/result-schema.test-fixture';
import { softwareGpu } from './software-adapter';

function webglRun(renderer: string | null, environmentRenderer: string | null) {
  const run = validRunResult();
  const [reference] = run.configs;
  run.environment.webglRenderer = environmentRenderer;
  run.configs.push({
    ...reference,
    configId: 'tfjs-webgl',
    runtime: { ...reference.runtime!, activeBackend: 'webgl', webglRenderer: renderer },
  });
  return run;
}

describe('softwareGpu', () => {
  it('names the GPU configurations that ran on SwiftShader', () => {
    const renderer = 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)';
    expect(softwareGpu(webglRun(renderer, null))).toEqual({ adapter: renderer, configIds: ['tfjs-webgl'] });
  });

  it('falls back on the page’s renderer when the runtime recorded none', () => {
    expect(softwareGpu(webglRun(null, 'ANGLE (Google, SwiftShader)'))?.configIds).toEqual(['tfjs-webgl']);
  });

  it('says nothing for a hardware GPU, or when no GPU configuration ran', () => {
    expect(
      softwareGpu(webglRun('ANGLE (NVIDIA GeForce RTX 4090)', 'ANGLE (Google, SwiftShader)')),
    ).toBeNull();
    // The fixture's page ran on SwiftShader, but only ort-wasm (a CPU backend) ran.
    expect(softwareGpu(validRunResult())).toBeNull();
  });
});
