import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LoadRequest, ModelFiles } from '../runtime-adapter';
import { TfjsAdapter } from './tfjs-adapter';

/** x → hidden (dense 2) → probs (dense 2, softmax), saved as model.json + weights the way tf.io saves it. */
async function twoLayerModel(): Promise<{ model: tfl.LayersModel; files: ModelFiles }> {
  const x = tfl.input({ shape: [3], name: 'x' });
  const hidden = tfl.layers.dense({ units: 2, name: 'hidden', kernelInitializer: 'glorotNormal' }).apply(x);
  const probs = tfl.layers.dense({ units: 2, name: 'probs', activation: 'softmax' }).apply(hidden);
  const model = tfl.model({ inputs: x, outputs: probs as tfl.SymbolicTensor });
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const json = {
    format: 'layers-model',
    modelTopology: artifacts!.modelTopology,
    weightsManifest: [{ paths: ['w.bin'], weights: artifacts!.weightSpecs }],
  };
  const modelJson = new TextEncoder().encode(JSON.stringify(json)).buffer;
  return {
    model,
    files: {
      entry: 'model.json',
      files: { 'model.json': modelJson, 'w.bin': artifacts!.weightData as ArrayBuffer },
    },
  };
}

describe('TfjsAdapter (cpu, in Node)', () => {
  let reference: tfl.LayersModel;
  let adapter: TfjsAdapter;
  const input = {
    name: 'x',
    dtype: 'float32' as const,
    shape: [1, 3],
    data: Float32Array.from([0.5, -1, 2]),
  };

  beforeAll(async () => {
    // The probe registers the cpu backend the reference model is then built on.
    adapter = new TfjsAdapter('cpu', 'http://127.0.0.1/');
    expect(await adapter.probe()).toEqual({ available: true });
    const { model, files } = await twoLayerModel();
    reference = model;
    const request: LoadRequest = {
      format: 'tfjs-layers',
      source: { kind: 'bytes', model: files },
      expectedInputs: [{ name: 'x', dtype: 'float32', shape: [1, 3] }],
    };
    const report = await adapter.load(request);
    expect(report.inputs).toEqual([{ name: 'x', dtype: 'float32', shape: [null, 3] }]);
    expect(report.outputs).toEqual([{ name: 'probs', dtype: 'float32', shape: [null, 2] }]);
  });

  it('runs the model to its own output, leaving no tensors behind', async () => {
    const before = tf.memory().numTensors;
    const { outputs } = await adapter.infer({ inputs: [input] });
    expect(tf.memory().numTensors).toBe(before);
    const expected = await (reference.predict(tf.tensor(input.data, input.shape)) as tf.Tensor).data();
    expect(outputs).toEqual([{ name: 'probs', dtype: 'float32', shape: [1, 2], data: expected }]);
  });

  it('answers named layer outputs, in the order asked', async () => {
    const { outputs } = await adapter.infer({ inputs: [input], outputs: ['probs', 'hidden'] });
    expect(outputs.map((o) => [o.name, o.dtype, o.shape])).toEqual([
      ['probs', 'float32', [1, 2]],
      ['hidden', 'float32', [1, 2]],
    ]);
    const hidden = tfl.model({
      inputs: reference.inputs,
      outputs: reference.getLayer('hidden').output,
    });
    expect(outputs[1].data).toEqual(
      await (hidden.predict(tf.tensor(input.data, input.shape)) as tf.Tensor).data(),
    );
  });

  it('profiles kernels per op type (tf.profile), the custom-gradient wrappers left out', async () => {
    const profile = await adapter.profile({ inputs: [input] }, 3);
    expect(profile).toMatchObject({ source: 'tf.profile (cpu)', runs: 3, unavailable: null });
    const ops = profile.ops.map((o) => o.op);
    // Two dense layers: two matrix products per inference, and no "fusedMatMul__op" around them.
    expect(profile.ops.find((o) => o.op === '_FusedMatMul')?.count).toBe(2);
    expect(ops.filter((op) => op.endsWith('__op'))).toEqual([]);
    expect(profile.opsMs).toBeCloseTo(
      profile.ops.reduce((sum, o) => sum + o.ms, 0),
      6,
    );
  });

  it('refuses dtypes TF.js cannot take exactly, naming the input', async () => {
    const half = { name: 'x', dtype: 'float16' as const, shape: [1, 3], data: new Uint16Array(3) };
    await expect(adapter.infer({ inputs: [half] })).rejects.toThrow(
      'input "x" is float16, which TF.js cannot take',
    );
    const big = {
      name: 'x',
      dtype: 'int64' as const,
      shape: [1, 3],
      data: BigInt64Array.from([1n, 2n ** 40n, 3n]),
    };
    await expect(adapter.infer({ inputs: [big] })).rejects.toThrow(
      'input "x" is int64 with values outside int32, which TF.js cannot take exactly',
    );
  });
});
