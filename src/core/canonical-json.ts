/**
 * The one text a JSON value has, whatever its key order or number spelling: object keys sorted by
 * UTF-16 code units, -0 written as 0, numbers as JavaScript prints them (the shortest round-trip
 * form), undefined members dropped. Two records are the same when these texts are equal; the store
 * uses this for idempotency and its tests for "reads back equal".
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`);
    return `{${members.join(',')}}`;
  }
  // JSON.stringify already prints -0 as 0 and non-finite numbers as null, as JSON.parse would read them back.
  return JSON.stringify(value) ?? 'null';
}

export function sameJson(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}
