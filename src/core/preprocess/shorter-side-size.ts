/**
 * [height, width] after scaling so the shorter side equals `target`; the longer side is
 * round(longer * target / shorter) (halves round up). One integer product and one division: the quotient's
 * rounding error is far below the 1/shorter spacing of possible values, so the rounded size is exact.
 */
export function shorterSideSize(height: number, width: number, target: number): [number, number] {
  if (height <= width) return [target, Math.max(1, Math.round((width * target) / height))];
  return [Math.max(1, Math.round((height * target) / width)), target];
}
