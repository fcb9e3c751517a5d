import { describe, expect, it } from 'vitest';
import { canonicalJson, sameJson } from './canonical-json';

describe('canonicalJson', () => {
  it('ignores key order at every depth, keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
    expect(sameJson({ x: { p: 1, q: 2 } }, { x: { q: 2, p: 1 } })).toBe(true);
    expect(sameJson([1, 2], [2, 1])).toBe(false);
  });

  it('writes -0 as 0 and numbers in their shortest round-trip form', () => {
    expect(sameJson({ n: -0 }, { n: 0 })).toBe(true);
    expect(sameJson(JSON.parse('{"n": 1.50}'), JSON.parse('{"n": 15e-1}'))).toBe(true);
    expect(canonicalJson(1e308)).toBe('1e+308');
    expect(sameJson(0.1 + 0.2, 0.3)).toBe(false);
  });

  it('drops undefined members and escapes keys and strings as JSON does', () => {
    expect(canonicalJson({ a: undefined, 'k"\u0001': 'v\n' })).toBe('{"k\\"\\u0001":"v\\n"}');
  });
});
