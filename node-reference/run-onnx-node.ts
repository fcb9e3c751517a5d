import * as ort from 'onnxruntime-node';
import type { NamedTensor, TensorDtype } from '../src/core/tensor';

const dtypes: Partial<Record<string, TensorDtype>> = {
  float32: 'float32',
  uint8: 'uint8',
  int32: 'int32',
  int64: 'int64',
};

/** Runs an ONNX model once in onnxruntime-node (CPU) on named inputs; every graph output, named and typed. */
export async function runOnnxNode(bytes: Uint8Array, inputs: readonly NamedTensor[]): Promise<NamedTensor[]> {
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['cpu'] });
  try {
    const feeds = Object.fromEntries(inputs.map((t) => [t.name, new ort.Tensor(t.dtype, t.data, t.shape)]));
    const results = await session.run(feeds);
    return session.outputNames.map((name) => {
      const tensor = results[name];
      const dtype = dtypes[tensor.type];
      if (!dtype) throw new Error(`output ${name}: dtype ${tensor.type} is not one the lab carries`);
      return { name, dtype, shape: [...tensor.dims], data: tensor.data } as NamedTensor;
    });
  } finally {
    await session.release();
  }
}
