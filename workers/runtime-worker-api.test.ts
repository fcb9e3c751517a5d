import { describe, expect, it } from 'vitest';
import type { InferRequest, RuntimeAdapter } from '../src/adapters/runtime-adapter';
import { runtimeWorkerApi } from './runtime-worker-api';

const request: InferRequest = {
  inputs: [{ name: 'input', dtype: 'float32', shape: [1, 2], data: new Float32Array(2) }],
};

/** The worker's API over an adapter that only infers, initialised; transfers are left out. */
async function apiOver(infer: RuntimeAdapter['infer']) {
  const api = runtimeWorkerApi(
    async () => ({ infer }) as unknown as RuntimeAdapter,
    (value) => value,
  );
  await api.init('ort-wasm', 'http://127.0.0.1/');
  return api;
}

describe('runtimeWorkerApi', () => {
  it('runs an inference sent while another runs only once that one has answered, in the order sent', async () => {
    const events: string[] = [];
    const finish: (() => void)[] = [];
    let calls = 0;
    const api = await apiOver(async () => {
      const call = ++calls;
      events.push(`start ${call}`);
      await new Promise<void>((resolve) => finish.push(resolve));
      events.push(`end ${call}`);
      return { outputs: [], inferMs: call };
    });
    const first = api.infer(request);
    const second = api.infer(request);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(events).toEqual(['start 1']);
    finish[0]();
    expect(await first).toEqual({ outputs: [], inferMs: 1 });
    await new Promise((resolve) => setTimeout(resolve, 10));
    finish[1]();
    expect(await second).toEqual({ outputs: [], inferMs: 2 });
    expect(events).toEqual(['start 1', 'end 1', 'start 2', 'end 2']);
  });

  it('a call that fails does not stop the ones after it', async () => {
    let calls = 0;
    const api = await apiOver(async () => {
      if (++calls === 1) throw new Error('shape mismatch on input');
      return { outputs: [], inferMs: 3 };
    });
    const failing = api.infer(request);
    const next = api.infer(request);
    await expect(failing).rejects.toThrow('shape mismatch on input');
    expect(await next).toEqual({ outputs: [], inferMs: 3 });
  });
});
