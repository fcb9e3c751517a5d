import { z } from 'zod';
import { storableString } from '../storable-string';

/** One operator type's time in one inference: summed over its kernels, averaged over the profiled runs. */
export const opTimeSchema = z.object({
  op: storableString().max(128),
  ms: z.number().nonnegative(),
  /** Kernels of this op per inference. */
  count: z.number().nonnegative(),
});
export type OpTime = z.infer<typeof opTimeSchema>;

/** Where one configuration's inference time goes, from a profiling pass run after the timed runs. */
export const configProfileSchema = z.object({
  /** How the kernels were timed, e.g. "tf.profile" or "webgpu timestamp queries". */
  source: storableString().max(128),
  runs: z.number().int().nonnegative(),
  /** Mean wall time of one profiled inference, as the worker measures inferMs. */
  totalMs: z.number().nonnegative(),
  /** The ops' time per inference, summed; over totalMs, `coverage`. */
  opsMs: z.number().nonnegative(),
  coverage: z.number().nonnegative().nullable(),
  /** Slowest first. */
  ops: z.array(opTimeSchema).max(1000),
  /** Why the time is not broken down by op on this configuration; null when it is. */
  unavailable: storableString().max(1024).nullable(),
});
export type ConfigProfile = z.infer<typeof configProfileSchema>;

/** The run record's `profile`: per configuration id (keyed in the result schema by its id pattern). */
export type RunProfile = Record<string, ConfigProfile>;

/** One timed kernel as a runtime reports it, named by its op type. */
export interface KernelTime {
  op: string;
  ms: number;
}

/** Kernels of `runs` inferences, summed per op type and averaged per inference, slowest first. */
export function aggregateKernels(
  kernels: readonly KernelTime[],
  runs: number,
  totalMs: number,
  source: string,
): ConfigProfile {
  const byOp = new Map<string, { ms: number; count: number }>();
  for (const { op, ms } of kernels) {
    const entry = byOp.get(op) ?? { ms: 0, count: 0 };
    entry.ms += ms;
    entry.count++;
    byOp.set(op, entry);
  }
  const per = Math.max(1, runs);
  const ops = [...byOp]
    .map(([op, { ms, count }]) => ({ op, ms: ms / per, count: count / per }))
    .sort((a, b) => b.ms - a.ms || a.op.localeCompare(b.op));
  const opsMs = ops.reduce((sum, o) => sum + o.ms, 0);
  return {
    source,
    runs,
    totalMs,
    opsMs,
    coverage: totalMs > 0 ? opsMs / totalMs : null,
    ops,
    unavailable: null,
  };
}

/** A configuration whose time cannot be broken down, with the reason and the wall time it did measure. */
export function unprofiled(reason: string, runs = 0, totalMs = 0): ConfigProfile {
  return { source: 'none', runs, totalMs, opsMs: 0, coverage: null, ops: [], unavailable: reason };
}

/** Each op's share of a configuration's op time, 0–1. */
export function opShare(profile: ConfigProfile, op: string): number {
  const time = profile.ops.find((o) => o.op === op)?.ms ?? 0;
  return profile.opsMs > 0 ? time / profile.opsMs : 0;
}

/**
 * The ops that take the most time on either of two configurations, with their shares on each:
 * "Conv takes 61 % on ort-webgl, 12 % on ort-wasm".
 */
export function compareProfiles(
  a: { configId: string; profile: ConfigProfile },
  b: { configId: string; profile: ConfigProfile },
  top = 5,
): string[] {
  const ops = [...new Set([...a.profile.ops, ...b.profile.ops].map((o) => o.op))]
    .map((op) => ({ op, most: Math.max(opShare(a.profile, op), opShare(b.profile, op)) }))
    .sort((x, y) => y.most - x.most || x.op.localeCompare(y.op))
    .slice(0, top);
  const percent = (share: number) => `${Math.round(share * 100)} %`;
  return ops.map(
    ({ op }) =>
      `${op} takes ${percent(opShare(a.profile, op))} on ${a.configId}, ${percent(opShare(b.profile, op))} on ${b.configId}`,
  );
}

/**
 * Profiling passes of one configuration as one profile, weighted by their runs: the lab profiles one
 * inference per worker call, so each call stays within the time limit a timed inference has. Passes
 * that could not break the time down count only when none could.
 */
export function mergeProfiles(passes: readonly ConfigProfile[]): ConfigProfile {
  if (!passes.length) return unprofiled('no profiling pass ran');
  const usable = passes.some((p) => !p.unavailable) ? passes.filter((p) => !p.unavailable) : passes;
  const runs = usable.reduce((n, p) => n + p.runs, 0);
  const weight = (p: ConfigProfile) => (runs > 0 ? p.runs / runs : 1 / usable.length);
  const totalMs = usable.reduce((sum, p) => sum + p.totalMs * weight(p), 0);
  const [first] = usable;
  if (first.unavailable) return { ...first, runs, totalMs };
  const byOp = new Map<string, { ms: number; count: number }>();
  for (const p of usable)
    for (const o of p.ops) {
      const entry = byOp.get(o.op) ?? { ms: 0, count: 0 };
      entry.ms += o.ms * weight(p);
      entry.count += o.count * weight(p);
      byOp.set(o.op, entry);
    }
  const ops = [...byOp]
    .map(([op, v]) => ({ op, ...v }))
    .sort((a, b) => b.ms - a.ms || a.op.localeCompare(b.op));
  const opsMs = ops.reduce((sum, o) => sum + o.ms, 0);
  return { ...first, runs, totalMs, opsMs, coverage: totalMs > 0 ? opsMs / totalMs : null, ops };
}
