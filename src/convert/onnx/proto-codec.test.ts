import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage, type Descriptor } from './proto-codec';

const types: Descriptor = {
  Node: {
    fields: {
      input: { rule: 'repeated', type: 'string', id: 1 },
      name: { type: 'string', id: 3 },
      attribute: { rule: 'repeated', type: 'Attribute', id: 5 },
    },
  },
  Attribute: {
    fields: {
      name: { type: 'string', id: 1 },
      f: { type: 'float', id: 2 },
      i: { type: 'int64', id: 3 },
      s: { type: 'bytes', id: 4 },
      ints: { rule: 'repeated', type: 'int64', id: 8 },
      type: { type: 'int32', id: 20 },
    },
  },
};

describe('proto codec', () => {
  it('writes protobuf wire bytes: tags by field id, packed repeated numbers, negative int64 as 10 bytes', () => {
    const bytes = encodeMessage(types, 'Attribute', { type: 7, name: 'k', ints: [1, -1] });
    expect(Buffer.from(bytes).toString('hex')).toBe(
      '0a016b' + '420b' + '01' + 'ffffffffffffffffff01' + 'a00107',
    );
  });

  it('reads back what it writes, nested and repeated', () => {
    const node = {
      input: ['a', 'b'],
      name: 'conv',
      attribute: [
        { name: 'pads', ints: [0, -1, 2 ** 40], type: 7 },
        { name: 'alpha', f: 0.5, i: -3, s: new Uint8Array([1, 2, 3]), type: 1 },
      ],
    };
    const decoded = decodeMessage<typeof node>(types, 'Node', encodeMessage(types, 'Node', node));
    expect(decoded.input).toEqual(node.input);
    expect(decoded.attribute[0]).toEqual({ ...node.attribute[0] });
    expect(decoded.attribute[1]).toMatchObject({ name: 'alpha', f: 0.5, i: -3, type: 1, ints: [] });
    expect([...(decoded.attribute[1].s ?? [])]).toEqual([1, 2, 3]);
  });

  it('skips fields it does not know and reads unpacked repeated numbers', () => {
    // field 9 (unknown, length-delimited "xyz"), then ints 8 unpacked twice, then name.
    const bytes = Uint8Array.from([0x4a, 3, 120, 121, 122, 0x40, 5, 0x40, 6, 0x0a, 1, 0x6e]);
    expect(decodeMessage(types, 'Attribute', bytes)).toEqual({ ints: [5, 6], name: 'n' });
  });

  it('says what is wrong with data that is not protobuf', () => {
    expect(() => decodeMessage(types, 'Node', Uint8Array.from([0x1a, 50, 1]))).toThrow(/runs past the end/);
  });
});
