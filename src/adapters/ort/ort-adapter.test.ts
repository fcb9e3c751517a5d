import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import * as ort from 'onnxruntime-web/all';
import { describe, expect, it, vi } from 'vitest';
import { encodeModel, type OnnxValueInfo } from '../../convert/onnx/onnx-model';
import { DataType } from '../../convert/onnx/onnx-schema';
import { attr } from '../../convert/shared/graph-builder';
import type { LoadRequest } from '../runtime-adapter';
import { OrtAdapter, readsPlacement } from './ort-adapter';

/** ONNX TensorProto element types beyond what the converter writes. */
const FLOAT16 = 10;
const BOOL = 9;

const tensorInfo = (name: string, elemType: number): OnnxValueInfo => ({
  name,
  type: { tensorType: { elemType, shape: { dim: [{ dimValue: 1 }, { dimValue: 3 }] } } },
});

/** sum = float(count) + offset; half = float16(offset); nonzero = bool(count): two inputs, three dtypes out. */
function twoInputModel(): ArrayBuffer {
  const bytes = encodeModel({
    irVersion: 7,
    opsetImport: [{ domain: '', version: 13 }],
    producerName: 'crosscheck-test',
    producerVersion: '1',
    graph: {
      name: 'two-inputs',
      initializer: [],
      node: [
        {
          opType: 'Cast',
          name: 'to-float',
          input: ['count'],
          output: ['count_f'],
          attribute: [attr.int('to', DataType.FLOAT)],
        },
        { opType: 'Add', name: 'add', input: ['count_f', 'offset'], output: ['sum'], attribute: [] },
        {
          opType: 'Cast',
          name: 'to-half',
          input: ['offset'],
          output: ['half'],
          attribute: [attr.int('to', FLOAT16)],
        },
        {
          opType: 'Cast',
          name: 'to-bool',
          input: ['count'],
          output: ['nonzero'],
          attribute: [attr.int('to', BOOL)],
        },
      ],
      input: [tensorInfo('count', DataType.INT64), tensorInfo('offset', DataType.FLOAT)],
      output: [tensorInfo('sum', DataType.FLOAT), tensorInfo('half', FLOAT16), tensorInfo('nonzero', BOOL)],
    },
  });
  return bytes.slice().buffer;
}

function loadRequest(expectedInputs: LoadRequest['expectedInputs']): LoadRequest {
  return {
    format: 'onnx',
    source: {
      kind: 'bytes',
      model: { entry: 'two-inputs.onnx', files: { 'two-inputs.onnx': twoInputModel() } },
    },
    expectedInputs,
  };
}

// The wasm binaries `npm ci` copies into public/generated/ort, loaded from disk as the page loads them by URL.
const assetBaseUrl = pathToFileURL(`${process.cwd()}/public/`).href;

async function loadedAdapter(expectedInputs: LoadRequest['expectedInputs']) {
  const adapter = new OrtAdapter('wasm', assetBaseUrl);
  expect(await adapter.probe()).toEqual({ available: true });
  return { adapter, report: await adapter.load(loadRequest(expectedInputs)) };
}

// The first wasm start compiles the binary: seconds on a loaded machine.
describe('OrtAdapter (wasm, in Node)', { timeout: 60_000 }, () => {
  const expected = [
    { name: 'count', dtype: 'int64' as const, shape: [1, 3] },
    { name: 'offset', dtype: 'float32' as const, shape: [1, 3] },
  ];
  const inputs = [
    { name: 'count', dtype: 'int64' as const, shape: [1, 3], data: BigInt64Array.from([0n, 2n, -3n]) },
    { name: 'offset', dtype: 'float32' as const, shape: [1, 3], data: Float32Array.from([0.5, 0.25, 1]) },
  ];

  it('reports the model signature and runs named typed inputs to named typed outputs', async () => {
    const { adapter, report } = await loadedAdapter(expected);
    expect(report.inputs).toEqual(expected);
    expect(report.outputs).toEqual([
      { name: 'sum', dtype: 'float32', shape: [1, 3] },
      { name: 'half', dtype: 'float16', shape: [1, 3] },
      { name: 'nonzero', dtype: 'bool', shape: [1, 3] },
    ]);

    const all = await adapter.infer({ inputs });
    expect(all.outputs.map((o) => o.name)).toEqual(['sum', 'half', 'nonzero']);
    const [sum, half, nonzero] = all.outputs;
    expect(sum).toEqual({
      name: 'sum',
      dtype: 'float32',
      shape: [1, 3],
      data: Float32Array.from([0.5, 2.25, -2]),
    });
    // float16 bits of 0.5, 0.25 and 1.
    expect(half).toEqual({
      name: 'half',
      dtype: 'float16',
      shape: [1, 3],
      data: Uint16Array.from([0x3800, 0x3400, 0x3c00]),
    });
    expect(nonzero).toEqual({
      name: 'nonzero',
      dtype: 'bool',
      shape: [1, 3],
      data: Uint8Array.from([0, 1, 1]),
    });
    expect(all.inferMs).toBeGreaterThanOrEqual(0);

    const picked = await adapter.infer({ inputs, outputs: ['nonzero', 'sum'] });
    expect(picked.outputs.map((o) => [o.name, o.dtype])).toEqual([
      ['nonzero', 'bool'],
      ['sum', 'float32'],
    ]);
    await expect(adapter.infer({ inputs, outputs: ['logits'] })).rejects.toThrow(
      'model has no output "logits" (outputs: sum, half, nonzero)',
    );
    await adapter.dispose();
  });

  it('says why its time cannot be broken down by op, and still times the profiling pass', async () => {
    const { adapter } = await loadedAdapter(expected);
    const profile = await adapter.profile({ inputs }, 2);
    expect(profile).toMatchObject({ runs: 2, ops: [], coverage: null });
    expect(profile.unavailable).toMatch(/wasm build writes its session profile .* in-memory file system/);
    expect(profile.totalMs).toBeGreaterThan(0);
    await adapter.dispose();
  });

  it('refuses at load an input the lab would feed with the wrong dtype or shape, naming it', async () => {
    await expect(loadedAdapter([{ ...expected[0], dtype: 'float32' }, expected[1]])).rejects.toThrow(
      'input "count" expects int64 [1,3] but the preprocessing makes float32 [1,3]',
    );
    await expect(loadedAdapter([expected[0], { ...expected[1], shape: [1, 4] }])).rejects.toThrow(
      'input "offset" expects [1,3] but the preprocessing makes [1,4]',
    );
    await expect(
      loadedAdapter([{ name: 'image', dtype: 'float32', shape: [1, 3] }, expected[1]]),
    ).rejects.toThrow('model has no input "image" (inputs: count, offset)');
  });

  it('creates a wasm session at the default log level (no placement to read) and runs it asking for errors only', async () => {
    const create = vi.spyOn(ort.InferenceSession, 'create');
    try {
      const { adapter } = await loadedAdapter(expected);
      expect(create.mock.calls[0][1]).not.toHaveProperty('logSeverityLevel');
      expect(readsPlacement('wasm')).toBe(false);
      expect(readsPlacement('webgpu')).toBe(true);
      const session = (await create.mock.results[0].value) as ort.InferenceSession;
      const run = vi.spyOn(session, 'run');
      await adapter.infer({ inputs });
      expect(run).toHaveBeenCalledTimes(1);
      expect(run.mock.calls[0][2]).toMatchObject({ logSeverityLevel: 3 });
      await adapter.dispose();
    } finally {
      create.mockRestore();
    }
  });

  it('a session created with verbose logging logs nothing while it runs (the timed loop pays for no logging)', async () => {
    // In Node, ORT's Emscripten module writes its log with fs.writeSync(2) (console in a browser):
    // counted there, so the test sees the verbose creation it then expects to fall silent.
    const writes = vi.spyOn(fs, 'writeSync');
    const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
    const spies = methods.map((m) => vi.spyOn(console, m));
    const lines = () => writes.mock.calls.length + spies.reduce((n, spy) => n + spy.mock.calls.length, 0);
    try {
      // ORT's wasm paths and threads as the adapter sets them; then a session created verbosely, as
      // the adapter does for the GPU providers, which Node cannot run.
      await new OrtAdapter('wasm', assetBaseUrl).probe();
      const session = await ort.InferenceSession.create(new Uint8Array(twoInputModel()), {
        logSeverityLevel: 0,
      });
      const atLoad = lines();
      const feeds = Object.fromEntries(inputs.map((i) => [i.name, new ort.Tensor(i.dtype, i.data, i.shape)]));
      for (let i = 0; i < 3; i++) await session.run(feeds, { logSeverityLevel: 3 });
      expect(atLoad).toBeGreaterThan(10);
      expect(lines() - atLoad).toBe(0);
      await session.release();
    } finally {
      writes.mockRestore();
      spies.forEach((spy) => spy.mockRestore());
    }
  });
});
