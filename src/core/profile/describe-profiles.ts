import { compareProfiles, type RunProfile } from './op-profile';

const percent = (share: number) => `${Math.round(share * 100)} %`;

/**
 * The run's profiles as text: per configuration, how much of the profiled inference its ops account
 * for and its five slowest ops, or why it is not broken down; then the first two broken-down
 * configurations compared op by op. Nothing when the run was not profiled.
 */
export function describeProfiles(profile: RunProfile): string[] {
  const entries = Object.entries(profile);
  if (!entries.length) return [];
  const lines = ['', 'Profile (time per op, one inference, from a pass after the timed runs):'];
  for (const [configId, p] of entries) {
    if (p.unavailable) {
      lines.push(
        `  ${configId}: not broken down (${p.totalMs.toFixed(1)} ms per inference): ${p.unavailable}`,
      );
      continue;
    }
    const top = p.ops
      .slice(0, 5)
      .map((o) => `${o.op} ${percent(p.opsMs > 0 ? o.ms / p.opsMs : 0)}`)
      .join(', ');
    const covered = p.coverage === null ? '' : ` (${percent(p.coverage)})`;
    lines.push(
      `  ${configId}: ops ${p.opsMs.toFixed(2)} of ${p.totalMs.toFixed(2)} ms${covered}, ${p.source}; ${top}`,
    );
  }
  const broken = entries.filter(([, p]) => !p.unavailable && p.ops.length);
  if (broken.length >= 2) {
    const [[a, pa], [b, pb]] = broken;
    lines.push(
      ...compareProfiles({ configId: a, profile: pa }, { configId: b, profile: pb }).map((l) => `  ${l}`),
    );
  }
  return lines;
}
