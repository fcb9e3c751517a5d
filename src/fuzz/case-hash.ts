import { sha256Hex } from '../core/preprocess/sha256';
import type { FuzzCase } from './generate-case';

/** sha256 of a case's model bytes followed by each input's name, shape and float32 bytes: one fingerprint. */
export async function caseHash(c: FuzzCase): Promise<string> {
  const parts = [
    c.bytes,
    ...c.inputs.flatMap((t) => [
      new TextEncoder().encode(`${t.name}:${t.shape.join('x')}`),
      new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength),
    ]),
  ];
  const all = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.byteLength;
  }
  return sha256Hex(all);
}
