import type { OnnxModel } from '../convert/onnx/onnx-model';
import { describeAttribute } from './node-attributes';

/** What a set of generated graphs exercised: graphs per operator, and per operator each attribute value seen. */
export interface FuzzCoverage {
  graphs: number;
  ops: Record<string, number>;
  attributes: Record<string, Record<string, number>>;
}

export function fuzzCoverage(models: readonly OnnxModel[]): FuzzCoverage {
  const ops: Record<string, number> = {};
  const attributes: Record<string, Record<string, number>> = {};
  for (const model of models) {
    for (const op of new Set(model.graph.node.map((n) => n.opType))) ops[op] = (ops[op] ?? 0) + 1;
    for (const node of model.graph.node) {
      const seen = (attributes[node.opType] ??= {});
      for (const a of node.attribute) seen[describeAttribute(a)] = (seen[describeAttribute(a)] ?? 0) + 1;
    }
  }
  return { graphs: models.length, ops, attributes };
}

/** "Conv 41 graphs (group=1 ×30, group=3 ×4, …)", one line per operator, most exercised first. */
export function describeCoverage(coverage: FuzzCoverage): string[] {
  return Object.entries(coverage.ops)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([op, graphs]) => {
      const values = Object.entries(coverage.attributes[op] ?? {})
        .sort((a, b) => a[0].localeCompare(b[0]))
        .map(([value, n]) => `${value} ×${n}`);
      return `${op}: ${graphs} graphs${values.length ? ` (${values.join(', ')})` : ''}`;
    });
}
