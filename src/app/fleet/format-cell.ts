export const percent = (value: number | null) => (value === null ? '–' : `${(value * 100).toFixed(1)}%`);
export const ms = (value: number | null) => (value === null ? '–' : `${value.toFixed(1)} ms`);
