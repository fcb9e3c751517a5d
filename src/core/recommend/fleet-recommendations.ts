import type { FleetCell } from '../store-api';
import { DEFAULT_AGREEMENT_THRESHOLD } from './recommend';

export interface DeviceRecommendation {
  device: string;
  browser: string;
  /** Null when no configuration qualifies on this device. */
  configId: string | null;
  latencyP50Ms: number | null;
  top1Agreement: number | null;
  /** Faster configurations passed over on this device, and why. */
  rejected: { configId: string; reason: string }[];
}

export interface ClassRecommendation {
  /** The graphics part of the device label (after " · "): devices of one class share a GPU and driver. */
  deviceClass: string;
  configId: string | null;
  /** On how many of the class's devices this configuration is the pick. */
  picked: number;
  devices: number;
}

/** "Linux x86_64 2 cores · SwiftShader" → "SwiftShader". */
export function deviceClass(device: string): string {
  const at = device.lastIndexOf(' · ');
  return at < 0 ? device : device.slice(at + 3);
}

/**
 * The recommendation rule (recommend.ts) over the fleet's aggregates: per device and browser, the fastest
 * configuration (median p50) that was ok in every run and whose mean top-1 agreement reaches the threshold.
 * The aggregates carry no per-image drift, so the verdict part of the rule is each run's own (its stored
 * `recommendation`); here a configuration that failed in any run is passed over instead.
 */
export function recommendPerDevice(
  cells: readonly FleetCell[],
  threshold: number = DEFAULT_AGREEMENT_THRESHOLD,
): DeviceRecommendation[] {
  const groups = new Map<string, FleetCell[]>();
  for (const cell of cells) {
    const key = JSON.stringify([cell.device, cell.browser]);
    groups.set(key, [...(groups.get(key) ?? []), cell]);
  }
  return [...groups.values()].map((group) => {
    const timed = group
      .filter((c) => c.latencyP50Ms !== null)
      .sort((a, b) => a.latencyP50Ms! - b.latencyP50Ms!);
    const fails = (c: FleetCell): string | null => {
      if (c.okRuns < c.runs) return `not ok in ${c.runs - c.okRuns} of ${c.runs} runs`;
      if (c.top1Agreement === null) return 'no top-1 agreement measured';
      if (c.top1Agreement < threshold)
        return `mean top-1 agreement ${(c.top1Agreement * 100).toFixed(1)} % is below ${(threshold * 100).toFixed(1)} %`;
      return null;
    };
    const at = timed.findIndex((c) => fails(c) === null);
    const pick = at < 0 ? null : timed[at];
    return {
      device: group[0].device,
      browser: group[0].browser,
      configId: pick?.configId ?? null,
      latencyP50Ms: pick?.latencyP50Ms ?? null,
      top1Agreement: pick?.top1Agreement ?? null,
      rejected: (at < 0 ? timed : timed.slice(0, at)).map((c) => ({
        configId: c.configId,
        reason: fails(c)!,
      })),
    };
  });
}

/** Per device class, the configuration recommended on most of its devices (ties: the first in name order). */
export function recommendPerClass(perDevice: readonly DeviceRecommendation[]): ClassRecommendation[] {
  const classes = new Map<string, DeviceRecommendation[]>();
  for (const d of perDevice) {
    const key = deviceClass(d.device);
    classes.set(key, [...(classes.get(key) ?? []), d]);
  }
  return [...classes].map(([name, devices]) => {
    const counts = new Map<string, number>();
    for (const d of devices) if (d.configId) counts.set(d.configId, (counts.get(d.configId) ?? 0) + 1);
    const [best] = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    return {
      deviceClass: name,
      configId: best?.[0] ?? null,
      picked: best?.[1] ?? 0,
      devices: devices.length,
    };
  });
}
