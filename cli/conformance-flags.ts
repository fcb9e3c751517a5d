import type { ConformanceRecord } from '../src/core/conformance/conformance-schema';

/** What the conformance and fuzz CLIs share: their flags' parsing, and keeping a record in the lab store. */
export function wholeNumber(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} must be a whole number, got "${value}"`);
  return n;
}

export const list = (value: string | undefined) =>
  value
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Keeps the record in the lab store (./data, or DATABASE_URL), as `npm run lab` does with a run. */
export async function storeConformanceRecord(
  server: { url: string; token: string },
  record: ConformanceRecord,
): Promise<string> {
  const response = await fetch(new URL('api/conformance', server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
    body: JSON.stringify(record),
  });
  if (response.ok)
    return `suite ${record.suiteId}; \`npm start\` serves it at /api/conformance/${record.suiteId}`;
  const body = (await response.json().catch(() => ({}))) as { error?: string };
  return `not stored (${response.status} ${body.error ?? ''}); the report has everything`;
}
