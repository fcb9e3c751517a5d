import type { LocalizationMethod, LocalizationRecord, LocalizedNode, RunResult } from '../core/result-schema';
import type { NamedTensor } from '../core/tensor';
import { sha256Hex } from '../core/preprocess/sha256';
import { configVerdict } from '../core/report/config-verdict';
import type { Localization, NodeDiff, NodeTolerance } from './compare-nodes';
import type { GraphNode } from './expose-outputs';

/** What a localizer (ONNX, TF.js) hands back for one input and two configurations. */
export interface LocalizationResult {
  nodes: GraphNode[];
  localization: Localization;
  /** Whether the suspect's final outputs still leave the reference once every node output is exposed. */
  reproduced: boolean;
  /** How the intermediate outputs were captured (see the record's `method`). */
  method: LocalizationMethod;
  /** The float tolerance and quantization steps the nodes were held to. */
  tolerance: NodeTolerance;
  /** What the suspect's placement log said at session creation (ORT's count per provider). */
  suspectPlacement: string | null;
  /** Every captured output of each side, by output name (hashed into the record, never stored). */
  captures: { reference: ReadonlyMap<string, NamedTensor>; suspect: ReadonlyMap<string, NamedTensor> };
  elapsedMs: number;
}

/** Which configurations, which input. */
export interface LocalizationCase {
  referenceId: string;
  suspectId: string;
  image: string;
  inputSha256: string;
}

const finite = (n: number) => (Number.isFinite(n) ? n : null);
/** Records carry no markup: attribute text from a model file could hold anything. */
export const plain = (text: string, max: number) => text.replace(/[<>]/g, '').slice(0, max);

/** What a record is made of, whichever way the outputs were compared (tensors here, traces across devices). */
export interface LocalizationParts {
  nodes: readonly GraphNode[];
  localization: Localization;
  reproduced: boolean;
  method: LocalizationMethod;
  tolerance: NodeTolerance;
  suspectPlacement: string | null;
  elapsedMs: number;
  /** sha256 of each side's bytes for a compared output. */
  hashes: (output: string) => { referenceHash: string; suspectHash: string };
}

/** A localization as the run record keeps it: per-node summaries and output hashes, no tensors. */
export function localizationRecordOf(which: LocalizationCase, parts: LocalizationParts): LocalizationRecord {
  const byName = new Map(parts.nodes.map((n) => [n.name, n]));
  const nodes = parts.localization.diffs.map((d): LocalizedNode => {
    const attributes = Object.entries(byName.get(d.node)?.attributes ?? {}).map(
      ([k, v]): [string, string] => [plain(k, 128), plain(v, 1024)],
    );
    return {
      name: plain(d.node, 512),
      op: plain(d.opType, 128),
      output: plain(d.output, 512),
      shape: d.shape,
      attributes: Object.fromEntries(attributes),
      maxAbs: finite(d.maxAbsDiff),
      maxRel: finite(d.relativeDiff),
      cosine: finite(d.cosine),
      nonFinite: d.nonFinite,
      steps: d.maxSteps === null ? null : finite(d.maxSteps),
      divergent: d.divergent,
      ...parts.hashes(d.output),
    };
  });
  const name = (d: NodeDiff | null) => (d ? plain(d.node, 512) : null);
  const { float, steps } = parts.tolerance;
  return {
    ...which,
    method: parts.method,
    reproduced: parts.reproduced,
    firstDivergent: name(parts.localization.firstDivergent),
    firstJump: name(parts.localization.firstJump),
    tolerance: { absolute: float.absolute, relativeRatio: float.relativeRatio, steps },
    placement: parts.suspectPlacement && plain(parts.suspectPlacement, 2048),
    elapsedMs: parts.elapsedMs,
    nodes,
  };
}

/** A localizer's result as the run record keeps it: each compared output's bytes hashed. */
export async function toLocalizationRecord(
  which: LocalizationCase,
  result: LocalizationResult,
): Promise<LocalizationRecord> {
  const hashes = new Map<string, { referenceHash: string; suspectHash: string }>();
  for (const d of result.localization.diffs) {
    hashes.set(d.output, {
      referenceHash: await sha256Hex(result.captures.reference.get(d.output)!.data),
      suspectHash: await sha256Hex(result.captures.suspect.get(d.output)!.data),
    });
  }
  return localizationRecordOf(which, { ...result, hashes: (output) => hashes.get(output)! });
}

function nodeText(node: LocalizedNode): string {
  const attributes = Object.entries(node.attributes)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  const error =
    node.steps !== null
      ? `${node.steps} quantization steps`
      : `max abs ${node.maxAbs === null ? 'not finite' : node.maxAbs.toPrecision(3)}`;
  const rel = node.maxRel === null ? '' : `, rel ${node.maxRel.toPrecision(3)}`;
  const cosine = node.cosine === null ? '' : `, cosine ${node.cosine.toFixed(4)}`;
  const nonFinite = node.nonFinite ? `, ${node.nonFinite} NaN/Inf` : '';
  return `${node.name} (${node.op}${attributes ? ` ${attributes}` : ''}; output ${node.output} [${node.shape.join('×')}]; ${error}${rel}${cosine}${nonFinite})`;
}

/** The first compared output of the named node. */
export function nodeNamed(record: LocalizationRecord, name: string | null): LocalizedNode | null {
  if (!('nodes' in record) || name === null) return null;
  return record.nodes.find((n) => n.name === name) ?? null;
}

/** One line per configuration, as the CLI prints it and the page shows it: "first divergent node: …". */
export function describeLocalization(record: LocalizationRecord): string {
  if ('failed' in record)
    return `first divergent node: not localized (${record.suspectId}: ${record.failed})`;
  const seconds = `${(record.elapsedMs / 1000).toFixed(1)} s`;
  const first = nodeNamed(record, record.firstDivergent);
  if (!first)
    return `first divergent node: none (${record.suspectId}: every captured node within tolerance of ${record.referenceId}; ${seconds})`;
  const jump = nodeNamed(record, record.firstJump);
  const jumpText = jump && jump !== first ? `; first 10× jump: ${nodeText(jump)}` : '';
  return `first divergent node: ${nodeText(first)} on ${record.suspectId} vs ${record.referenceId}${jumpText}; ${record.method}, ${seconds}`;
}

/**
 * The CLI's `--localize` report: one line per configuration other than the reference, each starting
 * "first divergent node:" — its localization's, or "none" for one that was not localized (it agrees).
 */
export function localizationLines(result: RunResult): string[] {
  const { referenceConfigId } = result.settings;
  return result.configs
    .filter((c) => c.configId !== referenceConfigId)
    .map((c) => {
      const record = result.localizations?.find((l) => l.suspectId === c.configId);
      if (record) return describeLocalization(record);
      const { verdict } = configVerdict(result, c);
      const why = verdict === 'agrees' ? `agrees with ${referenceConfigId}` : `${verdict}, not localized`;
      return `first divergent node: none (${c.configId}: ${why})`;
    });
}
