import type { EmitContext } from './emit-context';
import { attr } from './graph-builder';

/** Clip between two constant bounds (initializers named by the converter). */
export function emitClip(
  ctx: EmitContext,
  node: string,
  input: string,
  output: string,
  min: number,
  max: number,
): void {
  const { g, derived } = ctx;
  const low = g.floats(derived.clipMin, [], new Float32Array([min]));
  const high = g.floats(derived.clipMax, [], new Float32Array([max]));
  g.node('Clip', node, [input, low, high], [output]);
}

/**
 * An activation by Keras name (TF's Relu/Relu6 ops are `relu`/`relu6`), from `input` to `output`,
 * as the node named `node`; `linear` emits nothing and returns the input.
 */
export function emitActivation(
  ctx: EmitContext,
  kind: string,
  input: string,
  output: string,
  node: string,
  channelAxis: number,
): string {
  const { g } = ctx;
  switch (kind) {
    case 'linear':
      return input;
    case 'relu':
      g.node('Relu', node, [input], [output]);
      break;
    case 'relu6':
      emitClip(ctx, node, input, output, 0, 6);
      break;
    case 'sigmoid':
      g.node('Sigmoid', node, [input], [output]);
      break;
    case 'tanh':
      g.node('Tanh', node, [input], [output]);
      break;
    case 'elu':
      g.node('Elu', node, [input], [output], [attr.float('alpha', 1)]);
      break;
    case 'softplus':
      g.node('Softplus', node, [input], [output]);
      break;
    case 'softmax':
      g.node('Softmax', node, [input], [output], [attr.int('axis', channelAxis)]);
      break;
    default:
      ctx.fail(`activation "${kind}" is not supported`);
  }
  return output;
}

/**
 * A main op fused with an activation: `emit` writes the op to the layer's or node's name, or, when an
 * activation follows, to the preactivation name, and the activation then writes the name.
 */
export function withActivation(
  ctx: EmitContext,
  kind: string,
  channelAxis: number,
  emit: (output: string) => void,
): string {
  if (kind === 'linear') {
    emit(ctx.name);
    return ctx.name;
  }
  const { preactivation, activation } = ctx.derived;
  emit(preactivation);
  return emitActivation(ctx, kind, preactivation, ctx.name, activation, channelAxis);
}
