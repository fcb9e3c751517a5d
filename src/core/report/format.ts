/** Number formatting shared by the page and the terminal summary, so both read the same. */
export function ms(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : value < 9.995 ? value.toFixed(2) : value.toFixed(1);
}

export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${(value * 100).toFixed(1)}%`;
}

export function sci(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : value === 0 ? '0' : value.toExponential(2);
}

export function ratio(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${value.toFixed(2)}×`;
}
