import type { RunResult, VariantRecord } from '../result-schema';
import { ms, percent, sci } from './format';

/** One configuration of a variant run: what it ran and how that compared with the original. */
export interface VariantRow {
  configId: string;
  status: string;
  ran: VariantRecord['precision'][string]['ran'];
  weights: string;
  arithmetic: string;
  top1Agreement: string;
  maxAbsDiff: string;
  accuracy: string;
  p50Ms: string;
  note: string;
}

export function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(2)} MB`;
}

/** The variant × configuration rows of one run (the page's table and the terminal's), or null for a plain run. */
export function variantRows(result: RunResult): VariantRow[] | null {
  const { variant } = result;
  if (!variant) return null;
  return result.configs.map((c) => {
    const precision = variant.precision[c.configId];
    return {
      configId: c.configId,
      status: c.status,
      ran: precision?.ran ?? 'none',
      weights: precision?.weights ?? '—',
      arithmetic: precision?.arithmetic ?? '—',
      top1Agreement: percent(c.agreement?.top1AgreementRate),
      maxAbsDiff: sci(c.agreement?.maxAbsDiff),
      // The lab reads ground truth from ImageNet ids in file names; a model of other classes has none.
      accuracy: c.status !== 'ok' ? '—' : c.accuracy?.labelled ? percent(c.accuracy.top1) : 'no ground truth',
      p50Ms: ms(c.warm?.p50Ms),
      note: precision?.note ?? '',
    };
  });
}

/** The variant's files: sizes before and after, hashes, and what the transform did. */
export function variantFileLines(variant: VariantRecord): string[] {
  return variant.files.map(
    (f) =>
      `${f.format}: ${megabytes(f.originalBytes)} → ${megabytes(f.bytes)} (sha256 ${f.originalSha256.slice(0, 12)}… → ${f.sha256.slice(0, 12)}…); ${f.detail}`,
  );
}

/** The terminal's variant section: the files, then one row per configuration against the original. */
export function variantLines(
  result: RunResult,
  renderTable: (header: string[], rows: string[][]) => string,
): string[] {
  const rows = variantRows(result);
  if (!rows || !result.variant) return [];
  const header = [
    'config',
    'ran',
    'weights',
    'arithmetic',
    'top1 vs orig',
    'max |Δ| vs orig',
    'acc@1',
    'p50 ms',
    'why',
  ];
  return [
    `Variant ${result.variant.spec} against the original on ${result.settings.referenceConfigId}:`,
    ...variantFileLines(result.variant).map((line) => `  ${line}`),
    renderTable(
      header,
      rows.map((r) => [
        r.configId,
        r.ran,
        r.weights,
        r.arithmetic,
        r.top1Agreement,
        r.maxAbsDiff,
        r.accuracy,
        r.p50Ms,
        r.note,
      ]),
    ),
  ];
}
