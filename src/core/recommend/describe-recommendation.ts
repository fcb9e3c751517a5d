import type { Recommendation, RecommendedConfig } from './recommendation-schema';

const ms = (v: number) => `${v.toFixed(1)} ms`;

function evidence(c: RecommendedConfig): string {
  const interval = c.p50IntervalMs ? ` [${ms(c.p50IntervalMs.low)}, ${ms(c.p50IntervalMs.high)}]` : '';
  return `p50 ${ms(c.p50Ms)}${interval}, top-1 agreement ${(c.top1Agreement * 100).toFixed(1)} %`;
}

/** The recommendation in plain lines, as the CLI prints it and the summary file keeps it. */
export function describeRecommendation(r: Recommendation, subject = 'configuration'): string[] {
  const rule = `fastest ${subject} that agrees with the reference at >= ${(r.threshold * 100).toFixed(1)} % top-1`;
  if (!r.pick) return [`Recommendation (${rule}): none: ${r.reason ?? ''}`];
  const lines = [`Recommendation (${rule}): ${r.pick.configId}: ${evidence(r.pick)}`];
  if (r.runnerUp)
    lines.push(
      `  runner-up ${r.runnerUp.configId}: ${evidence(r.runnerUp)}${r.runnerUp.overlaps ? ' (intervals overlap: may be as fast)' : ''}`,
    );
  for (const x of r.rejected) lines.push(`  passed over ${x.configId} (p50 ${ms(x.p50Ms)}): ${x.reason}`);
  return lines;
}
