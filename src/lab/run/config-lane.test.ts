import { describe, expect, it } from 'vitest';
import type { ConfigId } from '../../adapters/configurations';
import type { InputTensor } from '../../core/preprocess/to-input-tensor';
import type { NamedTensor } from '../../core/tensor';
import { ConfigLane, type LaneOutput } from './config-lane';
import { FakeWorker, model } from './fake-worker.test-fixture';
import { WorkerCrashError, WorkerTimeoutError } from './runtime-worker-client';

const tensor: InputTensor = { dtype: 'float32', data: new Float32Array(12).fill(0.5), shape: [1, 2, 2, 3] };
const settings = { warmupRuns: 2, timedRuns: 3, timeoutMs: 1000, assetBaseUrl: 'http://127.0.0.1/' };

function laneWith(configId: ConfigId, worker: FakeWorker, resolved = model()) {
  return new ConfigLane(configId, resolved, settings, () => worker);
}

/** load → time → one image → close, as run-lab drives a lane. */
async function runThrough(lane: ConfigLane) {
  await lane.load(tensor);
  if (lane.open) await lane.time(tensor);
  const answer = await lane.classify('cat.jpg', tensor);
  await lane.close();
  return answer;
}

describe('ConfigLane', () => {
  it('fails at the first inference when the output is not what the manifest declares', async () => {
    const output = (values: number[]): NamedTensor => ({
      name: 'dense_3',
      dtype: 'float32',
      shape: [1, values.length],
      data: Float32Array.from(values),
    });
    const logits = laneWith('tfjs-cpu', new FakeWorker('tfjs-cpu', { output: output([11.6, 9, 3, 2, 1]) }));
    await runThrough(logits);
    expect(logits.result.status).toBe('failed');
    expect(logits.result.reason).toContain('declared "probabilities" but sums to 26.60, not 1');
    const wrongCount = laneWith('tfjs-cpu', new FakeWorker('tfjs-cpu', { output: output([0.5, 0.5]) }));
    await runThrough(wrongCount);
    expect(wrongCount.result.reason).toContain('the model outputs 2 values but declares 5 classes');
  });

  it("feeds a uint8 input as uint8 and dequantizes a quantized output with the model's parameters", async () => {
    const raw = Uint8Array.of(0, 128, 64, 32, 32);
    const worker = new FakeWorker('litert-wasm', {
      output: { name: 'dense_3', dtype: 'uint8', shape: [1, 5], data: raw },
    });
    const quantized = { ...model(), outputQuantization: { scale: [1 / 256], zeroPoint: [0] } };
    const lane = laneWith('litert-wasm', worker, quantized);
    const pixels: InputTensor = { dtype: 'uint8', data: new Uint8Array(12).fill(200), shape: [1, 2, 2, 3] };
    await lane.load(pixels);
    const answer = (await lane.classify('cat.jpg', pixels)) as LaneOutput;
    expect(worker.loads[0].expectedInputs).toEqual([{ name: 'input', dtype: 'uint8', shape: [1, 2, 2, 3] }]);
    expect(worker.infers[0].inputs[0]).toMatchObject({ dtype: 'uint8', data: pixels.data });
    expect([...answer.output]).toEqual([0, 0.5, 0.25, 0.125, 0.125]);
  });

  it('refuses a non-float output the model gives no quantization for, naming it', async () => {
    const raw = Uint8Array.of(0, 128, 64, 32, 32);
    const worker = new FakeWorker('litert-wasm', {
      output: { name: 'dense_3', dtype: 'uint8', shape: [1, 5], data: raw },
    });
    const lane = laneWith('litert-wasm', worker);
    await lane.load(tensor);
    const answer = await lane.classify('cat.jpg', tensor);
    expect(answer).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('output "dense_3" is uint8') as unknown,
    });
  });

  it('loads, times cold/warm-up/timed apart, classifies and disposes, feeding the model its own input name', async () => {
    const worker = new FakeWorker('tfjs-cpu');
    const lane = laneWith('tfjs-cpu', worker);
    const answer = (await runThrough(lane)) as LaneOutput;

    expect(worker.loads[0].expectedInputs).toEqual([
      { name: 'input', dtype: 'float32', shape: [1, 2, 2, 3] },
    ]);
    expect(lane.result).toMatchObject({
      status: 'ok',
      reason: null,
      fetchMs: 5,
      compileMs: 7,
      firstInferMs: 1,
    });
    // 1 cold + 2 warm-up + 3 timed + 1 image.
    expect(worker.infers).toHaveLength(7);
    // Warm-up and timed runs are one worker call: no page round trip sits between two timed runs. Its
    // limit: one step's (1000 ms), as the cold run took 1 ms (20 × 1 ms × 5 runs is less).
    expect(worker.loops).toEqual([{ plan: { warmupCap: 2, timedRuns: 3 }, limitMs: 1000 }]);
    expect(lane.result.warmSamplesMs).toEqual([4, 5, 6]);
    expect(lane.result.warm?.p50Ms).toBe(5);
    // Times that keep rising are never steady: warm-up stops at its cap of 2 and says so.
    expect(lane.result).toMatchObject({ warmupRuns: 2, steadyState: false, bimodal: null });
    expect(lane.result.p50IntervalMs).toEqual({ low: 4, high: 6 });
    expect(answer.inferMs).toBe(7);
    expect([...answer.output]).toEqual([...Float32Array.from([0.1, 0.6, 0.1, 0.1, 0.1])]);
    const request = worker.infers[0];
    expect(request.outputs).toEqual(['dense_3']);
    expect(request.inputs.map(({ name, dtype, shape }) => ({ name, dtype, shape }))).toEqual([
      { name: 'input_1', dtype: 'float32', shape: [1, 2, 2, 3] },
    ]);
    // Each call gets its own buffer: the real client transfers it away.
    expect(request.inputs[0].data).not.toBe(tensor.data);
    expect(request.inputs[0].data.buffer).not.toBe(worker.infers[1].inputs[0].data.buffer);
    expect(lane.result.memory).toMatchObject({ tensorsAfterLoad: 10, tensorsAfterRun: 10, leakedTensors: 0 });
    expect(worker.terminated).toBe(true);
  });

  it('does not ask the browser for memory it cannot measure: threaded ORT never answers', async () => {
    let asked = 0;
    Object.defineProperty(performance, 'measureUserAgentSpecificMemory', {
      value: async () => (asked++, { bytes: 1, breakdown: [] }),
      configurable: true,
    });
    try {
      const ortRuntime = { library: 'onnxruntime-web', threads: 2 };
      const threaded = laneWith('ort-wasm', new FakeWorker('ort-wasm', { runtime: ortRuntime }));
      await runThrough(threaded);
      expect(threaded.result.memory?.userAgent?.status).toBe('unavailable');
      expect(threaded.result.memory?.userAgent?.reason).toMatch(
        /onnxruntime-web's 2 wasm threads wait in Atomics\.wait/,
      );
      expect(asked).toBe(0);
      const single = laneWith(
        'ort-wasm',
        new FakeWorker('ort-wasm', { runtime: { ...ortRuntime, threads: 1 } }),
      );
      await runThrough(single);
      expect(single.result.memory?.userAgent?.status).toBe('measured');
      expect(asked).toBe(1);
    } finally {
      Reflect.deleteProperty(performance, 'measureUserAgentSpecificMemory');
    }
  });

  it('a timeout while timing → status timeout, the cold run kept, later images skipped', async () => {
    const error = new WorkerTimeoutError('tfjs-webgl: timed run 2 did not finish within 50 ms');
    const worker = new FakeWorker('tfjs-webgl', { inferFailure: { at: 4, error } });
    const lane = laneWith('tfjs-webgl', worker);
    const answer = await runThrough(lane);

    expect(lane.result.status).toBe('timeout');
    expect(lane.result.reason).toBe(
      'tfjs-webgl: timing: tfjs-webgl: timed run 2 did not finish within 50 ms',
    );
    // The loop's samples lived in the worker that was ended: an unfinished loop gives none.
    expect(lane.result).toMatchObject({ fetchMs: 5, compileMs: 7, firstInferMs: 1, warmSamplesMs: [] });
    expect(answer).toMatchObject({ configId: 'tfjs-webgl', status: 'skipped', reason: lane.result.reason });
    expect(lane.open).toBe(false);
  });

  it('a crash on an image → status crashed, that image failed by name, the timings kept', async () => {
    const error = new WorkerCrashError('ort-wasm worker crashed: out of memory');
    const worker = new FakeWorker('ort-wasm', { inferFailure: { at: 6, error } });
    const lane = laneWith('ort-wasm', worker);
    const answer = await runThrough(lane);

    expect(lane.result.status).toBe('crashed');
    expect(lane.result.reason).toBe('ort-wasm: inference on cat.jpg: ort-wasm worker crashed: out of memory');
    expect(lane.result.warmSamplesMs).toEqual([4, 5, 6]);
    expect(answer).toMatchObject({
      status: 'failed',
      reason: 'cat.jpg: ort-wasm worker crashed: out of memory',
    });
    expect(worker.loads[0].format).toBe('onnx');
  });

  it('a worker that dies with the next image already sent fails the image it ran and skips the other', async () => {
    const worker = new FakeWorker('ort-wasm');
    const lane = laneWith('ort-wasm', worker);
    await lane.load(tensor);
    await lane.time(tensor);
    const held: ((error: Error) => void)[] = [];
    worker.infer = () => new Promise((_, reject) => held.push(reject));
    const running = lane.classify('a.jpg', tensor);
    const next = lane.classify('b.jpg', tensor);
    // A dying worker rejects both calls; the later one may be told first.
    const crash = new WorkerCrashError('ort-wasm worker crashed: out of memory');
    worker.terminate();
    held[1](crash);
    held[0](crash);
    const reason = 'ort-wasm: inference on a.jpg: ort-wasm worker crashed: out of memory';
    expect(await running).toMatchObject({
      status: 'failed',
      reason: 'a.jpg: ort-wasm worker crashed: out of memory',
    });
    expect(await next).toMatchObject({ status: 'skipped', reason });
    expect(lane.result).toMatchObject({ status: 'crashed', reason });
  });

  it('a runtime error on one image fails that image only; the lane carries on', async () => {
    const worker = new FakeWorker('tfjs-cpu', {
      inferFailure: { at: 6, error: new Error('NaN in layer conv_1') },
    });
    const lane = laneWith('tfjs-cpu', worker);
    const answer = await runThrough(lane);

    expect(answer).toMatchObject({ status: 'failed', reason: 'cat.jpg: NaN in layer conv_1' });
    expect(lane.result.status).toBe('ok');
    expect(lane.result.memory).not.toBeNull();
  });

  it('a worker that dies right after load → status crashed naming the step; the load times kept', async () => {
    const worker = new FakeWorker('tfjs-webgl', {
      memory: new WorkerCrashError('tfjs-webgl worker crashed: lost context'),
    });
    const lane = laneWith('tfjs-webgl', worker);
    await lane.load(tensor);
    expect(lane.open).toBe(false);
    expect(lane.result).toMatchObject({ status: 'crashed', fetchMs: 5, compileMs: 7 });
    expect(lane.result.reason).toContain('memory after load');
  });

  it('a failed load → status failed naming the file, nothing timed, images skipped', async () => {
    const worker = new FakeWorker('ort-webgpu', {
      load: new Error('model.onnx: HTTP 404 from http://127.0.0.1/m/model.onnx'),
    });
    const lane = laneWith('ort-webgpu', worker);
    const answer = await runThrough(lane);

    expect(lane.result.status).toBe('failed');
    expect(lane.result.reason).toBe(
      'ort-webgpu: loading model.onnx: model.onnx: HTTP 404 from http://127.0.0.1/m/model.onnx',
    );
    expect(worker.infers).toHaveLength(0);
    expect(lane.result.firstInferMs).toBeNull();
    expect(answer).toMatchObject({ status: 'skipped' });
    expect(worker.terminated).toBe(true);
  });

  it('an unsupported configuration, by probe or by a missing converted model, has no outcomes', async () => {
    const probed = laneWith(
      'tfjs-webgpu',
      new FakeWorker('tfjs-webgpu', { probe: { available: false, reason: 'WebGPU: no adapter' } }),
    );
    expect(await runThrough(probed)).toBeNull();
    expect(probed.result).toMatchObject({ status: 'unsupported', reason: 'unsupported: WebGPU: no adapter' });

    const worker = new FakeWorker('ort-wasm');
    const unconverted = laneWith('ort-wasm', worker, model('no converted ONNX model'));
    expect(await runThrough(unconverted)).toBeNull();
    expect(unconverted.result).toMatchObject({
      status: 'unsupported',
      reason: 'unsupported: no converted ONNX model',
    });
    expect(worker.loads).toHaveLength(0);
  });

  it('warms up until the times are steady, counts the runs, and flags two regimes in the timed samples', async () => {
    // Cold 50 ms, then 30 ms for 4 warm-up runs, then 10 ms: steady at run 12, where the last window is
    // runs 8–12 (all 10) and the one before, runs 3–7 (30, 30, 10, 10, 10), has the same median;
    // every third of the 20 timed runs takes 20 ms: two regimes, the median still at warm-up's level.
    const times = (i: number) => (i === 0 ? 50 : i <= 4 ? 30 : i <= 12 ? 10 : i % 3 ? 10 : 20);
    const worker = new FakeWorker('tfjs-wasm', { inferMs: times });
    const lane = new ConfigLane(
      'tfjs-wasm',
      model(),
      { ...settings, warmupRuns: 50, timedRuns: 20 },
      () => worker,
    );
    await lane.load(tensor);
    await lane.time(tensor);
    expect(lane.result).toMatchObject({ firstInferMs: 50, warmupRuns: 12, steadyState: true, bimodal: true });
    expect(lane.result.warmSamplesMs).toHaveLength(20);
    expect(lane.result.p50IntervalMs).toEqual({ low: 10, high: 15 });
    await lane.close();
  });
});
