import { describe, expect, it } from 'vitest';
import type { Campaign } from '../../core/campaign-plan';
import { planRuns } from './campaign-session.svelte';

const campaign = (modelIds: string[], configIds: Campaign['plan']['configIds']): Campaign => ({
  campaignId: '3b241101-e2bb-4255-8caf-4136c566a961',
  createdAt: '2026-01-01T00:00:00Z',
  plan: { name: 'c', modelIds, images: { source: 'samples' }, configIds, repetitions: 2 },
});

describe('planRuns', () => {
  it('keeps the ORT configurations of a TF.js model that has a converted ONNX sibling', () => {
    const runs = planRuns(campaign(['nsfw-mobilenet-v2'], ['tfjs-cpu', 'tfjs-wasm', 'ort-wasm']));
    expect(runs).toHaveLength(2);
    expect(runs[0]).toMatchObject({
      configIds: ['tfjs-cpu', 'tfjs-wasm', 'ort-wasm'],
      referenceConfigId: 'tfjs-cpu',
    });
  });

  it('keeps a configuration the model cannot run, to be recorded as unsupported, and references within the plan', () => {
    const [run] = planRuns(campaign(['mobilenetv2-int8'], ['tfjs-cpu', 'ort-webgpu']));
    expect(run).toMatchObject({
      configIds: ['tfjs-cpu', 'ort-webgpu'],
      referenceConfigId: 'ort-webgpu',
      keepUnsupported: true,
    });
  });
});
