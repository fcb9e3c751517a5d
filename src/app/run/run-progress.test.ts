import { describe, expect, it } from 'vitest';
import type { LabProgress } from '../../lab/run/run-lab';
import { RunProgress } from './run-progress.svelte';

const event = (e: Partial<LabProgress> & Pick<LabProgress, 'phase'>): LabProgress => ({
  configId: null,
  configIndex: 0,
  configCount: 2,
  done: 0,
  total: 4,
  message: '',
  ...e,
});

describe('RunProgress', () => {
  it('moves each configuration through load, timing and its images in turn, and estimates the time left', () => {
    let now = 0;
    const progress = new RunProgress(['tfjs-cpu', 'tfjs-wasm'], () => now);
    now = 1000;
    progress.update(event({ phase: 'load', configId: 'tfjs-cpu' }));
    expect(progress.configs[0].stage).toBe('loading');
    expect(progress.configs[1].stage).toBe('waiting');
    expect(progress.overall).toBe(0);
    expect(progress.remainingMs).toBeNull();

    progress.update(event({ phase: 'timing', configId: 'tfjs-cpu' }));
    progress.update(event({ phase: 'images', configId: 'tfjs-cpu', done: 2 }));
    expect(progress.configs[0].stage).toBe('images');
    expect(progress.configs[0].fraction).toBeCloseTo(0.6, 12);

    now = 2000;
    progress.update(event({ phase: 'load', configId: 'tfjs-wasm', configIndex: 1 }));
    expect(progress.configs[0]).toMatchObject({ stage: 'done', fraction: 1 });
    expect(progress.configs[1].stage).toBe('loading');
    expect(progress.overall).toBe(0.5);
    expect(progress.remainingMs).toBe(2000);

    progress.update(event({ phase: 'done', done: 4 }));
    expect(progress.overall).toBe(1);
    expect(progress.remainingMs).toBe(0);
    expect(progress.configs.every((c) => c.stage === 'done' && c.fraction === 1)).toBe(true);
  });
});
