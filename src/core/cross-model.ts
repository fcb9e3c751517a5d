import type { ClassLabels } from './labels';
import { aggregateAccuracy } from './report/aggregate';
import type { ConfigResult, ImageResult, RunResult } from './result-schema';

/** One model on one runtime family: the configuration that stands for the family and its accuracy. */
export interface CrossModelLine {
  /** "mobilenetv2-int8 · ort": unique within a view. */
  key: string;
  modelId: string;
  modelName: string;
  family: string;
  configId: string;
  runId: string;
  imageSetSha256: string;
  /** Over the images every line classified; null when the model's labels carry no wnids. */
  accuracy: ConfigResult['accuracy'];
}

/** How often two lines give the same top-1 class (by wnid) on the same images: different models, so not drift. */
export interface LabelAgreement {
  a: string;
  b: string;
  images: number;
  agreeing: number;
  rate: number | null;
}

export interface CrossModelView {
  lines: CrossModelLine[];
  agreement: LabelAgreement[];
  /** Images (by file sha256) that every line classified: the figures cover these only. */
  commonImages: number;
  /** True when every line's run saw the same image set (same names and file hashes). */
  sameImageSet: boolean;
  notes: string[];
}

/** The runtime family of a configuration id ("litert-wasm" → "litert"). */
export function runtimeFamily(configId: string): string {
  return configId.split('-')[0];
}

interface Candidate {
  run: RunResult;
  config: ConfigResult;
  family: string;
}

/** Per family, the run's reference when it is in that family and ran, else the family's first configuration that ran. */
function candidatesOf(run: RunResult): Candidate[] {
  const ok = run.configs.filter((c) => c.status === 'ok');
  const families = [...new Set(ok.map((c) => runtimeFamily(c.configId)))];
  return families.map((family) => {
    const inFamily = ok.filter((c) => runtimeFamily(c.configId) === family);
    const config = inFamily.find((c) => c.configId === run.settings.referenceConfigId) ?? inFamily[0];
    return { run, config, family };
  });
}

/** The latest run per model and family: a newer run of the same model replaces an older one. */
function latestPerLine(runs: RunResult[]): Candidate[] {
  const byKey = new Map<string, Candidate>();
  for (const candidate of runs.flatMap(candidatesOf)) {
    const key = `${candidate.run.model.id} · ${candidate.family}`;
    const held = byKey.get(key);
    if (!held || held.run.startedAt < candidate.run.startedAt) byKey.set(key, candidate);
  }
  return [...byKey.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, c]) => c);
}

/** Images this configuration classified, by file hash (an image that could not be read has none). */
function classified(candidate: Candidate): Map<string, ImageResult> {
  const images = new Map<string, ImageResult>();
  for (const image of candidate.run.images) {
    const ok = image.outcomes.some((o) => o.configId === candidate.config.configId && o.status === 'ok');
    if (image.fileSha256 && ok) images.set(image.fileSha256, image);
  }
  return images;
}

function top1Wnid(image: ImageResult, configId: string, wnids: string[]): string | null {
  const index = image.outcomes.find((o) => o.configId === configId)?.top5[0]?.index;
  // A leading class such as TFLite's background has wnid '': it still counts as an answer.
  return index === undefined ? null : (wnids[index] ?? null);
}

/**
 * Accuracy against ground truth, one line per model and runtime family, and pairwise top-1 agreement, all on
 * the images every line classified. Classes are compared by wnid, never by name: ImageNet names repeat
 * (two "crane", two "maillot") and models order their outputs differently.
 */
export function crossModelView(
  runs: RunResult[],
  labelsOf: (modelId: string) => ClassLabels | null,
): CrossModelView {
  const candidates = latestPerLine(runs);
  const imagesOf = candidates.map(classified);
  const common = imagesOf.length
    ? [...imagesOf[0].keys()].filter((sha) => imagesOf.every((images) => images.has(sha)))
    : [];
  const sameImageSet = new Set(candidates.map((c) => c.run.imageSet.sha256)).size <= 1;
  const notes: string[] = [];
  if (!sameImageSet) {
    notes.push(
      `These runs did not see the same images (${new Set(candidates.map((c) => c.run.imageSet.sha256)).size} image sets): the figures cover the ${common.length} images all of them classified.`,
    );
  } else if (imagesOf.some((images) => images.size !== common.length)) {
    notes.push(
      `Not every line classified every image: the figures cover the ${common.length} images all of them classified.`,
    );
  }

  const wnidsOf = candidates.map((c) => labelsOf(c.run.model.id)?.wnids ?? null);
  candidates.forEach((c, i) => {
    if (!wnidsOf[i])
      notes.push(
        `${c.run.model.id}: its labels carry no ImageNet wnids, so it has no accuracy or agreement here.`,
      );
  });
  const lines = candidates.map((c, i): CrossModelLine => {
    const wnids = wnidsOf[i];
    const images = common.map((sha) => imagesOf[i].get(sha)!);
    return {
      key: `${c.run.model.id} · ${c.family}`,
      modelId: c.run.model.id,
      modelName: c.run.model.name,
      family: c.family,
      configId: c.config.configId,
      runId: c.run.runId,
      imageSetSha256: c.run.imageSet.sha256,
      accuracy: wnids ? aggregateAccuracy(images, c.config.configId, { names: [], wnids }) : null,
    };
  });

  const agreement: LabelAgreement[] = [];
  for (let i = 0; i < candidates.length; i++) {
    for (let j = i + 1; j < candidates.length; j++) {
      const [wa, wb] = [wnidsOf[i], wnidsOf[j]];
      if (!wa || !wb) continue;
      let agreeing = 0;
      for (const sha of common) {
        const a = top1Wnid(imagesOf[i].get(sha)!, candidates[i].config.configId, wa);
        if (a !== null && a === top1Wnid(imagesOf[j].get(sha)!, candidates[j].config.configId, wb))
          agreeing++;
      }
      agreement.push({
        a: lines[i].key,
        b: lines[j].key,
        images: common.length,
        agreeing,
        rate: common.length ? agreeing / common.length : null,
      });
    }
  }
  return { lines, agreement, commonImages: common.length, sameImageSet, notes };
}
