import type { LabelSet } from './model-manifest';

export interface ClassLabels {
  names: string[];
  /** ImageNet wnid per output index, when the label set carries them ('' for a leading class such as background). */
  wnids: string[] | null;
}

const wnidPattern = /^n\d{8}$/;

/** "n01440764 tench, Tinca tinca" → wnid and the first name. */
function parseSynsetLine(line: string): { wnid: string; name: string } {
  const space = line.indexOf(' ');
  return {
    wnid: line.slice(0, space),
    name: line
      .slice(space + 1)
      .split(',')[0]
      .trim(),
  };
}

function nonEmptyLines(text: string): string[] {
  return text.split(/\r?\n/).filter((line) => line.trim() !== '');
}

/** Builds the per-index labels from the label set and its files' text (already fetched or read). */
export function parseLabels(set: LabelSet, fileText: string | null, namesText: string | null): ClassLabels {
  const leading = set.leading ?? [];
  const labels = parseFileLabels(set, fileText, namesText);
  if (leading.length === 0) return labels;
  return {
    names: [...leading, ...labels.names],
    wnids: labels.wnids && [...leading.map(() => ''), ...labels.wnids],
  };
}

function parseFileLabels(set: LabelSet, fileText: string | null, namesText: string | null): ClassLabels {
  if (set.kind === 'inline') {
    if (!set.names || set.names.length !== set.count)
      throw new Error(`labels: inline names must number ${set.count}`);
    return { names: set.names, wnids: null };
  }
  if (fileText === null) throw new Error(`labels: ${set.file} is required for kind ${set.kind}`);
  const lines = nonEmptyLines(fileText).slice(0, set.count);
  if (lines.length < set.count)
    throw new Error(`labels: ${set.file} has ${lines.length} lines, needs ${set.count}`);
  const parsed = set.kind === 'synset-words' ? lines.map(parseSynsetLine) : null;
  const wnids = parsed ? parsed.map((p) => p.wnid) : lines.map((line) => line.trim());
  const bad = wnids.findIndex((w) => !wnidPattern.test(w));
  if (bad >= 0) {
    // `bad` counts non-empty lines only; report the line number in the file itself.
    const lineNumbers = fileText.split(/\r?\n/).flatMap((line, i) => (line.trim() === '' ? [] : [i + 1]));
    throw new Error(
      `labels: ${set.file} line ${lineNumbers[bad]} does not start with a wnid: "${lines[bad]}"`,
    );
  }
  if (parsed) return { names: parsed.map((p) => p.name), wnids };
  const names = new Map(
    namesText
      ? nonEmptyLines(namesText)
          .map(parseSynsetLine)
          .map((p) => [p.wnid, p.name])
      : [],
  );
  return { names: wnids.map((w) => names.get(w) ?? w), wnids };
}

/** Ground truth from an ImageNet-style file name ("n01440764_tench.JPEG"), or null. */
export function groundTruthFromFileName(fileName: string): string | null {
  const base = fileName.split('/').pop() ?? fileName;
  const match = /^(n\d{8})(?=[_.-]|$)/.exec(base);
  return match ? match[1] : null;
}
