import { describeIssues } from '../../core/describe-issues';
import type { RunResult } from '../../core/result-schema';
import { parseAnyVersion } from '../../core/result-versions';

/** One row per configuration: the numbers a spreadsheet user compares. */
/** What a CSV cell can hold: a column that returned an object would print `[object Object]`. */
type CsvValue = string | number | boolean | null | undefined;

const csvColumns: [string, (r: RunResult, c: RunResult['configs'][number]) => CsvValue][] = [
  ['runId', (r) => r.runId],
  ['startedAt', (r) => r.startedAt],
  ['model', (r) => r.model.id],
  ['imageSet', (r) => r.imageSet.name],
  ['images', (r) => r.imageSet.count],
  ['reference', (r) => r.settings.referenceConfigId],
  ['configId', (_, c) => c.configId],
  ['status', (_, c) => c.status],
  ['activeBackend', (_, c) => c.runtime?.activeBackend],
  ['fetchMs', (_, c) => c.fetchMs],
  ['compileMs', (_, c) => c.compileMs],
  ['firstInferMs', (_, c) => c.firstInferMs],
  ['p50Ms', (_, c) => c.warm?.p50Ms],
  ['p95Ms', (_, c) => c.warm?.p95Ms],
  ['top1Agreement', (_, c) => c.agreement?.top1AgreementRate],
  ['maxAbsDiff', (_, c) => c.agreement?.maxAbsDiff],
  ['minCosine', (_, c) => c.agreement?.minCosineSimilarity],
  ['meanKl', (_, c) => c.agreement?.meanKlDivergence],
  ['top1Accuracy', (_, c) => c.accuracy?.top1],
  ['reason', (_, c) => c.reason],
];

function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function runToCsv(record: RunResult): string {
  const header = csvColumns.map(([name]) => name).join(',');
  const rows = record.configs.map((c) => csvColumns.map(([, get]) => csvCell(get(record, c))).join(','));
  return [header, ...rows].join('\n') + '\n';
}

type Outcome = RunResult['images'][number]['outcomes'][number];
const top1 = (o: Outcome) => o.top5[0];

const imageCsvColumns: [string, (r: RunResult, i: RunResult['images'][number], o: Outcome) => CsvValue][] = [
  ['runId', (r) => r.runId],
  ['model', (r) => r.model.id],
  ['image', (_, i) => i.name],
  ['groundTruth', (_, i) => i.groundTruth],
  ['configId', (_, __, o) => o.configId],
  ['status', (_, __, o) => o.status],
  ['top1Index', (_, __, o) => top1(o)?.index],
  ['top1Label', (_, __, o) => top1(o)?.label],
  ['top1Score', (_, __, o) => top1(o)?.score],
  ['top5', (_, __, o) => o.top5.map((l) => l.label).join('|')],
  ['top1AgreesWithReference', (_, __, o) => o.top1AgreesWithReference],
  ['top5Overlap', (_, __, o) => o.top5Overlap],
  ['maxAbsDiff', (_, __, o) => o.maxAbsDiff],
  ['klDivergence', (_, __, o) => o.klDivergence],
  ['nonFiniteCount', (_, __, o) => o.nonFiniteCount],
  ['inferMs', (_, __, o) => o.inferMs],
  ['reason', (_, __, o) => o.reason],
];

/** One row per image × configuration: every prediction, for a spreadsheet or pandas. */
export function runImagesToCsv(record: RunResult): string {
  const header = imageCsvColumns.map(([name]) => name).join(',');
  const rows = record.images.flatMap((image) =>
    image.outcomes.map((o) => imageCsvColumns.map(([, get]) => csvCell(get(record, image, o))).join(',')),
  );
  return [header, ...rows].join('\n') + '\n';
}

/** A run exported from any device, validated; the error names the file and every field that is wrong. */
export function parseRunFile(text: string, fileName: string): RunResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${fileName}: not valid JSON (${(error as Error).message})`);
  }
  // A run exported by an app one version behind is upgraded, not refused.
  const parsed = parseAnyVersion(json);
  if (!parsed.success) throw new Error(`${fileName}: not a Crosscheck run: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

export function downloadText(text: string | Uint8Array<ArrayBuffer>, fileName: string, type: string): void {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([text], { type }));
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}
