import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatVariantSpec, mutantOperators, parseVariantSpec, type VariantSpec } from './variant-spec';

const operators = Object.keys(mutantOperators) as (keyof typeof mutantOperators)[];
const specs: fc.Arbitrary<VariantSpec> = fc.oneof(
  fc.constantFrom<VariantSpec>({ kind: 'original' }, { kind: 'fp16' }, { kind: 'int8' }),
  fc
    .double({ min: 0.001, max: 0.999, noNaN: true })
    .map((sparsity): VariantSpec => ({ kind: 'prune', sparsity })),
  fc
    .record({
      op: fc.constantFrom(...operators),
      seed: fc.nat(),
      nodes: fc.constantFrom<'one' | 'all'>('one', 'all'),
      scale: fc.option(fc.double({ min: 1e-4, max: 10, noNaN: true }), { nil: undefined }),
    })
    .map(({ scale, ...rest }): VariantSpec => ({
      kind: 'mutant',
      ...rest,
      ...(rest.op === 'weight-noise' && scale !== undefined ? { scale } : {}),
    })),
);

describe('variant specs', () => {
  it('format ∘ parse is the identity on canonical forms, and parse ∘ format keeps the meaning', () => {
    fc.assert(
      fc.property(specs, (spec) => {
        const text = formatVariantSpec(spec);
        const parsed = parseVariantSpec(text);
        expect(formatVariantSpec(parsed)).toBe(text);
        expect(formatVariantSpec(parseVariantSpec(` ${text} `))).toBe(text);
      }),
    );
  });

  it('writes one canonical form: keys sorted, defaults left out', () => {
    expect(formatVariantSpec(parseVariantSpec('mutant[seed=1, op=add-to-sub, nodes=one]'))).toBe(
      'mutant[op=add-to-sub,seed=1]',
    );
    expect(formatVariantSpec(parseVariantSpec('mutant[seed=1,scale=0.01,op=weight-noise]'))).toBe(
      'mutant[op=weight-noise,seed=1]',
    );
    expect(formatVariantSpec(parseVariantSpec('mutant[op=weight-noise,scale=0.1,seed=2,nodes=all]'))).toBe(
      'mutant[nodes=all,op=weight-noise,scale=0.1,seed=2]',
    );
    expect(formatVariantSpec(parseVariantSpec('prune[sparsity=.50]'))).toBe('prune[sparsity=0.5]');
    expect(formatVariantSpec(parseVariantSpec('fp16[]'))).toBe('fp16');
  });

  it.each([
    ['fp32', /unknown kind "fp32".*accepted: original, fp16, int8/],
    ['prune', /prune needs sparsity/],
    ['prune[sparsity=1]', /sparsity: .*less than 1/],
    ['prune[sparsity=half]', /sparsity must be a number, not "half"/],
    ['int8[axis=0]', /int8 has no parameter "axis" \(it takes none\)/],
    ['mutant[op=relu-to-tanh,seed=1]', /op: .*operators: relu-to-relu6/],
    ['mutant[op=add-to-sub]', /mutant needs seed/],
    ['mutant[op=add-to-sub,seed=1.5]', /seed: /],
    ['mutant[op=add-to-sub,seed=1,scale=0.1]', /scale applies to op=weight-noise only/],
    ['mutant[op=add-to-sub,seed=1,seed=2]', /seed is given twice/],
    ['mutant[op]', /"op" is not key=value/],
    ['fp16 int8', /write it as kind or kind\[key=value,…\]/],
  ])('refuses %s, naming the bad part', (text, message) => {
    expect(() => parseVariantSpec(text)).toThrow(message);
  });
});
