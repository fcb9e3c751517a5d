import { describe, expect, it } from 'vitest';
import { RunProgress } from './run-progress.svelte';

describe('RunProgress', () => {
  it('moves each configuration through load, timing and images, and estimates the time left', () => {
    let now = 0;
    const progress = new RunProgress(['tfjs-cpu', 'tfjs-wasm'], () => now);
    now = 1000;
    progress.update({ phase: 'load', configId: 'tfjs-cpu', done: 0, total: 2, message: 'loading tfjs-cpu' });
    expect(progress.configs[0].stage).toBe('loading');
    expect(progress.overall).toBe(0);
    expect(progress.remainingMs).toBeNull();

    progress.update({ phase: 'timing', configId: 'tfjs-cpu', done: 0, total: 2, message: 'timing tfjs-cpu' });
    now = 2000;
    progress.update({ phase: 'load', configId: 'tfjs-wasm', done: 1, total: 2, message: 'loading tfjs-wasm' });
    expect(progress.configs[0]).toMatchObject({ stage: 'images', fraction: 0.5 });
    expect(progress.configs[1].stage).toBe('loading');
    // 2 of 4 set-up steps, no images known yet.
    expect(progress.overall).toBe(0.5);
    expect(progress.remainingMs).toBe(2000);

    now = 3000;
    progress.update({ phase: 'images', configId: null, done: 2, total: 4, message: 'b.png' });
    expect(progress.configs.map((c) => c.fraction)).toEqual([0.75, 0.75]);
    // (4 set-up + 2 images) of (4 + 4) steps, after 3 s.
    expect(progress.overall).toBe(0.75);
    expect(progress.remainingMs).toBe(1000);

    progress.update({ phase: 'done', configId: null, done: 4, total: 4, message: 'done' });
    expect(progress.overall).toBe(1);
    expect(progress.remainingMs).toBe(0);
    expect(progress.configs.every((c) => c.stage === 'done' && c.fraction === 1)).toBe(true);
  });
});
