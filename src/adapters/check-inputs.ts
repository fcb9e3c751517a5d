import type { TensorInfo } from '../core/tensor';

function shapeText(shape: TensorInfo['shape']): string {
  return shape ? `[${shape.map((d) => d ?? 'null').join(',')}]` : 'any shape';
}

// A model that does not declare a dtype or shape (ORT's webgl backend) is checked at the first inference.
function dtypeFits(model: TensorInfo, expected: TensorInfo): boolean {
  return model.dtype === null || expected.dtype === null || model.dtype === expected.dtype;
}

function shapeFits(model: TensorInfo, expected: TensorInfo): boolean {
  return (
    model.shape === null ||
    expected.shape === null ||
    (model.shape.length === expected.shape.length &&
      model.shape.every((d, i) => d === null || d === expected.shape![i]))
  );
}

/**
 * Matches what the lab will feed against the model's declared inputs, and refuses a mismatch naming the
 * input and both signatures. Returns the model's inputs in the order of `expected`.
 */
export function checkExpectedInputs(model: TensorInfo[], expected: TensorInfo[]): TensorInfo[] {
  return expected.map((want) => {
    const lone = model.length === 1 && expected.length === 1;
    const have = model.find((m) => m.name === want.name) ?? (lone ? model[0] : undefined);
    if (!have) {
      throw new Error(`model has no input "${want.name}" (inputs: ${model.map((m) => m.name).join(', ')})`);
    }
    if (!dtypeFits(have, want)) {
      throw new Error(
        `input "${have.name}" expects ${have.dtype} ${shapeText(have.shape)} but the preprocessing makes ${want.dtype} ${shapeText(want.shape)}`,
      );
    }
    if (!shapeFits(have, want)) {
      throw new Error(
        `input "${have.name}" expects ${shapeText(have.shape)} but the preprocessing makes ${shapeText(want.shape)}`,
      );
    }
    return have;
  });
}

/** The one place an output is picked by name, so a missing one is named the same way by every runtime. */
export function pickOutputs(
  available: readonly string[],
  requested: readonly string[] | undefined,
): readonly string[] {
  const names = requested ?? available;
  const missing = names.filter((n) => !available.includes(n));
  if (missing.length) {
    throw new Error(
      `model has no output ${missing.map((n) => `"${n}"`).join(', ')} (outputs: ${available.join(', ')})`,
    );
  }
  return names;
}
