import type { UserAgentMemory } from '../result-schema';

/** What `performance.measureUserAgentSpecificMemory()` resolves to (WICG measure-memory). */
export interface MemoryMeasurement {
  bytes: number;
  breakdown: {
    bytes: number;
    attribution: { scope?: string; url?: string }[];
    types: string[];
  }[];
}

const workerScope = 'DedicatedWorkerGlobalScope';
const mostSources = 32;

/**
 * The record's summary of one measurement: the total, the dedicated workers' share (the lab keeps one
 * runtime worker alive at a time, so that is the configuration's worker and its threads), and bytes by
 * source. URLs are left out: every runtime worker has the same script, so they would say nothing.
 */
export function summarizeMemoryMeasurement(measurement: MemoryMeasurement): UserAgentMemory {
  const bySource = new Map<string, number>();
  let workerBytes = 0;
  for (const entry of measurement.breakdown) {
    if (entry.bytes === 0) continue;
    const scopes = [...new Set(entry.attribution.map((a) => a.scope ?? 'unknown scope'))];
    if (scopes.includes(workerScope)) workerBytes += entry.bytes;
    const source = [scopes.join('+') || 'unattributed', ...entry.types].join(' ').slice(0, 128);
    bySource.set(source, (bySource.get(source) ?? 0) + entry.bytes);
  }
  const breakdown = [...bySource]
    .map(([source, bytes]) => ({ source, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, mostSources);
  return { status: 'measured', reason: null, totalBytes: measurement.bytes, workerBytes, breakdown };
}

/** A measurement that did not happen, saying why. */
export function unmeasured(
  status: Exclude<UserAgentMemory['status'], 'measured'>,
  reason: string,
): UserAgentMemory {
  return {
    status,
    reason: reason.replace(/[<>]/g, '').slice(0, 512),
    totalBytes: null,
    workerBytes: null,
    breakdown: [],
  };
}
