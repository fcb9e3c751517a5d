import { z } from 'zod';

/**
 * The mutation operators (docs/variants.md): activation swaps, arithmetic-type and conditional-operator
 * changes, and seeded weight noise. Each names what it rewrites, so a study can list them.
 */
export const mutantOperators = {
  'relu-to-relu6': 'Relu → Clip(0, 6)',
  'relu6-to-relu': 'Clip(0, 6) (Relu6) → Relu',
  'activation-to-sigmoid': 'Relu or Clip (Relu6) or LeakyRelu → Sigmoid',
  'activation-to-leaky-relu': 'Relu or Clip (Relu6) → LeakyRelu(alpha 0.01)',
  'add-to-sub': 'Add → Sub',
  'sub-to-add': 'Sub → Add',
  'mul-to-div': 'Mul → Div where the divisor is a constant without zeros',
  'div-to-mul': 'Div → Mul',
  'max-to-min': 'Max → Min',
  'min-to-max': 'Min → Max',
  'greater-to-less': 'Greater → Less',
  'less-to-greater': 'Less → Greater',
  'weight-noise': 'Gaussian noise of relative scale `scale` (× the tensor’s RMS) on weight tensors',
} as const;
export type MutantOperator = keyof typeof mutantOperators;
const operatorNames = Object.keys(mutantOperators) as [MutantOperator, ...MutantOperator[]];

const seed = z.number().int().min(0).max(0xffffffff);
export const variantSpecSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('original') }),
  /** float16 initializers and arithmetic, fp32 at the interface (src/variants/to-float16.ts). */
  z.object({ kind: z.literal('fp16') }),
  /** int8 weights with per-output-channel scales, DequantizeLinear before the consumer (quantize-int8.ts). */
  z.object({ kind: z.literal('int8') }),
  /** The smallest-magnitude share `sparsity` of each weight tensor set to zero (prune-weights.ts). */
  z.object({
    kind: z.literal('prune'),
    sparsity: z.number().gt(0, 'must be more than 0').lt(1, 'must be less than 1'),
  }),
  z.object({
    kind: z.literal('mutant'),
    op: z.enum(operatorNames),
    /** Picks the node or weight tensor (`nodes: one`) and draws the noise. */
    seed,
    /** `one`: one place, chosen by the seed; `all`: every place the operator applies to. */
    nodes: z.enum(['one', 'all']).default('one'),
    /** weight-noise only: the noise's standard deviation over the tensor's RMS. */
    scale: z.number().gt(0).max(10).optional(),
  }),
]);
export type VariantSpec = z.infer<typeof variantSpecSchema>;
export type VariantKind = VariantSpec['kind'];

const defaultNoiseScale = 0.01;

/** Written forms to offer where a person picks a variant (the Lab form's suggestions). */
export const variantExamples = [
  'original',
  'fp16',
  'int8',
  'prune[sparsity=0.5]',
  'mutant[op=activation-to-sigmoid,seed=1]',
  'mutant[op=add-to-sub,seed=1]',
  'mutant[op=weight-noise,scale=0.05,seed=1]',
] as const;
const accepted =
  'accepted: original, fp16, int8, prune[sparsity=<0..1>], mutant[op=<operator>,seed=<n>] with optional nodes=one|all and, for op=weight-noise, scale=<relative>';

function fail(text: string, why: string): never {
  throw new Error(`variant "${text}": ${why} (${accepted}; operators: ${operatorNames.join(', ')})`);
}

function readNumber(text: string, key: string, value: string): number {
  const n = Number(value);
  if (value === '' || !Number.isFinite(n)) fail(text, `${key} must be a number, not "${value}"`);
  return n;
}

/** The written form `kind` or `kind[key=value,…]` → a checked spec; throws naming the bad part. */
export function parseVariantSpec(text: string): VariantSpec {
  const match = /^\s*([a-z0-9]+)\s*(?:\[([^\]]*)\])?\s*$/.exec(text);
  if (!match) fail(text, 'write it as kind or kind[key=value,…]');
  const [, kind, list] = match;
  const values: Record<string, string> = {};
  for (const pair of list?.trim() ? list.split(',') : []) {
    const [key, value, extra] = pair.split('=').map((part) => part.trim());
    if (!key || value === undefined || extra !== undefined) fail(text, `"${pair}" is not key=value`);
    if (Object.hasOwn(values, key)) fail(text, `${key} is given twice`);
    values[key] = value;
  }
  const allowed: Record<string, readonly string[]> = {
    original: [],
    fp16: [],
    int8: [],
    prune: ['sparsity'],
    mutant: ['op', 'seed', 'nodes', 'scale'],
  };
  if (!Object.hasOwn(allowed, kind)) fail(text, `unknown kind "${kind}"`);
  for (const key of Object.keys(values)) {
    if (!allowed[kind].includes(key)) {
      const its = allowed[kind].length ? `its parameters: ${allowed[kind].join(', ')}` : 'it takes none';
      fail(text, `${kind} has no parameter "${key}" (${its})`);
    }
  }
  const candidate =
    kind === 'prune'
      ? {
          kind,
          sparsity:
            values.sparsity === undefined
              ? fail(text, 'prune needs sparsity')
              : readNumber(text, 'sparsity', values.sparsity),
        }
      : kind === 'mutant'
        ? {
            kind,
            op: values.op ?? fail(text, 'mutant needs op'),
            seed:
              values.seed === undefined
                ? fail(text, 'mutant needs seed')
                : readNumber(text, 'seed', values.seed),
            ...(values.nodes === undefined ? {} : { nodes: values.nodes }),
            ...(values.scale === undefined ? {} : { scale: readNumber(text, 'scale', values.scale) }),
          }
        : { kind };
  const parsed = variantSpecSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    fail(text, `${issue.path.join('.')}: ${issue.message}`);
  }
  const spec = parsed.data;
  if (spec.kind === 'mutant' && spec.scale !== undefined && spec.op !== 'weight-noise')
    fail(text, `scale applies to op=weight-noise only, not op=${spec.op}`);
  return spec;
}

/** The noise scale a weight-noise mutant uses (its own, or the default). */
export function noiseScale(spec: Extract<VariantSpec, { kind: 'mutant' }>): number {
  return spec.scale ?? defaultNoiseScale;
}

/** The canonical written form: keys sorted, defaults left out, numbers written as JavaScript writes them. */
export function formatVariantSpec(spec: VariantSpec): string {
  switch (spec.kind) {
    case 'original':
    case 'fp16':
    case 'int8':
      return spec.kind;
    case 'prune':
      return `prune[sparsity=${spec.sparsity}]`;
    case 'mutant': {
      const pairs: Record<string, string> = { op: spec.op, seed: String(spec.seed) };
      if (spec.nodes !== 'one') pairs.nodes = spec.nodes;
      if (spec.op === 'weight-noise' && spec.scale !== undefined && spec.scale !== defaultNoiseScale)
        pairs.scale = String(spec.scale);
      const list = Object.keys(pairs)
        .sort()
        .map((key) => `${key}=${pairs[key]}`);
      return `mutant[${list.join(',')}]`;
    }
  }
}
