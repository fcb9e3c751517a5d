/**
 * A tiny TF.js layers model TF.js runs but the converter does not (UpSampling2D has no converter):
 * 8×8 RGB → upsample → global average → Dense(3, softmax).
 */
export function unconvertibleModel(): { json: Buffer; weights: Buffer } {
  const dense = {
    name: 'dense',
    units: 3,
    activation: 'softmax',
    use_bias: true,
    dtype: 'float32',
    trainable: true,
  };
  const modelJson = {
    format: 'layers-model',
    generatedBy: 'crosscheck e2e',
    convertedBy: null,
    modelTopology: {
      class_name: 'Sequential',
      keras_version: 'tfjs-layers 4.22.0',
      backend: 'tensor_flow.js',
      config: {
        name: 'unconvertible',
        layers: [
          {
            class_name: 'UpSampling2D',
            config: {
              name: 'up',
              batch_input_shape: [null, 8, 8, 3],
              dtype: 'float32',
              size: [2, 2],
              data_format: 'channels_last',
              trainable: true,
            },
          },
          {
            class_name: 'GlobalAveragePooling2D',
            config: { name: 'gap', data_format: 'channels_last', dtype: 'float32', trainable: true },
          },
          { class_name: 'Dense', config: dense },
        ],
      },
    },
    weightsManifest: [
      {
        paths: ['weights.bin'],
        weights: [
          { name: 'dense/kernel', shape: [3, 3], dtype: 'float32' },
          { name: 'dense/bias', shape: [3], dtype: 'float32' },
        ],
      },
    ],
  };
  // Class i scores channel i: a red image is class 0, and so on.
  const values = new Float32Array([1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0]);
  return { json: Buffer.from(JSON.stringify(modelJson)), weights: Buffer.from(values.buffer) };
}
