import { describe, expect, it } from 'vitest';
import { userManifest, type UserModel } from '../user-model/user-model';
import { modelManifestSchema } from '../../core/model-manifest';
import type { TensorInfo } from '../../core/tensor';
import { resolveUserModel } from './resolve-model';

const bytes = (text: string) => new TextEncoder().encode(text).buffer;

function userModel(format: UserModel['format'], conversion?: UserModel['conversion']): UserModel {
  const entry = format === 'onnx' ? 'net.onnx' : 'model.json';
  return {
    name: 'My net',
    format,
    files: { entry, files: { [entry]: bytes('{}') } },
    preprocess: { size: [224, 224], resize: 'stretch', scale: 255, layout: 'NHWC' },
    output: 'probabilities',
    labels: [],
    classes: 5,
    conversion,
  };
}

async function resolved(model: UserModel) {
  return resolveUserModel(modelManifestSchema.parse(userManifest(model)), model);
}

const expected: TensorInfo[] = [{ name: 'input', dtype: 'float32', shape: [1, 224, 224, 3] }];

describe('ResolvedModel.loadRequestFor', () => {
  it('gives TF.js the model itself and ORT the converted ONNX sibling of a TF.js model', async () => {
    const onnx = bytes('onnx bytes');
    const user = userModel('tfjs-layers', { onnx });
    const model = await resolved(user);
    expect(model.loadRequestFor('tfjs', expected)).toEqual({
      request: {
        format: 'tfjs-layers',
        source: { kind: 'bytes', model: user.files },
        expectedInputs: expected,
      },
      entry: 'model.json',
    });
    expect(model.loadRequestFor('ort', expected)).toEqual({
      request: {
        format: 'onnx',
        source: { kind: 'bytes', model: { entry: 'model.onnx', files: { 'model.onnx': onnx } } },
        expectedInputs: expected,
      },
      entry: 'model.onnx',
    });
  });

  it('says why ORT cannot run a TF.js model whose conversion failed', async () => {
    const model = await resolved(
      userModel('tfjs-layers', { error: 'layer "lambda_1": Lambda layers cannot be converted' }),
    );
    expect(model.loadRequestFor('ort', expected)).toEqual({
      unsupported: 'unsupported: layer "lambda_1": Lambda layers cannot be converted',
    });
  });

  it('gives ORT an ONNX model itself', async () => {
    const model = await resolved(userModel('onnx'));
    expect(model.loadRequestFor('ort', expected)).toMatchObject({
      request: { format: 'onnx' },
      entry: 'net.onnx',
    });
  });
});
