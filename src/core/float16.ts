/** IEEE half → float, exact (every float16 value is representable in float32). */
export function float16ToFloat32(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

const scratch = new DataView(new ArrayBuffer(4));

/**
 * Float → IEEE half bits, rounding to nearest even as hardware does; beyond the largest half (65504) it
 * saturates rather than becoming Infinity, as model converters do, so a large weight stays finite.
 */
export function float32ToFloat16(value: number): number {
  scratch.setFloat32(0, value);
  const bits = scratch.getUint32(0);
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0);
  const halfExponent = exponent - 127 + 15;
  if (halfExponent >= 0x1f) return sign | 0x7bff;
  if (halfExponent <= 0) {
    // Subnormal half (or zero): shift the mantissa with its implicit bit in, rounding to nearest even.
    if (halfExponent < -10) return sign;
    const full = mantissa | 0x800000;
    const shift = 14 - halfExponent;
    const rounded = full >>> shift;
    const rest = full & ((1 << shift) - 1);
    const half = 1 << (shift - 1);
    return sign | (rounded + (rest > half || (rest === half && rounded & 1) ? 1 : 0));
  }
  const rounded = (halfExponent << 10) | (mantissa >>> 13);
  const rest = mantissa & 0x1fff;
  // A carry out of the mantissa lands in the exponent, which is the right next value; past 65504, saturate.
  const result = rounded + (rest > 0x1000 || (rest === 0x1000 && rounded & 1) ? 1 : 0);
  return sign | Math.min(result, 0x7bff);
}
