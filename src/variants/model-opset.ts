import { toNumber, type OnnxModel } from '../convert/onnx/onnx-model';

/** The opset the model imports for the default ONNX domain, which decides the forms an op may take. */
export function modelOpset(model: OnnxModel): number {
  return toNumber(model.opsetImport.find((o) => !o.domain)?.version);
}
