import { configuration, isConfigId, type ConfigId } from '../../adapters/configurations';
import type { LocalizationRecord, RunResult } from '../../core/result-schema';
import type { NamedTensor } from '../../core/tensor';
import { casesToLocalize } from '../../localize/choose-cases';
import { toLocalizationRecord } from '../../localize/localization-record';
import { readUrl, type ImageSource } from '../images/image-sources';
import { resolveModel, type ResolvedModel } from '../models/resolve-model';
import { zoo } from '../models/zoo';
import { errorText } from '../run/config-lane';
import { InputStore } from '../run/input-store';
import { localize } from './localize';
import { makeReproBundle, type ReproBundle } from '../repro/make-bundle';

/** What localizing a run's configurations needs beyond the record: the model and the images' bytes. */
export interface LocalizeContext {
  result: RunResult;
  /** The run's model, resolved when a localization first needs it. */
  model: () => Promise<ResolvedModel>;
  /** The run's image by name; null when this device no longer has it. */
  image: (name: string) => ImageSource | null;
  assetBaseUrl: string;
  timeoutMs: number;
}

export function configId(id: string): ConfigId {
  if (!isConfigId(id)) throw new Error(`unknown configuration "${id}"`);
  return id;
}

/** The image's input tensor again, checked against the hash the run recorded for it. */
export async function inputFor(
  context: LocalizeContext,
  model: ResolvedModel,
  name: string,
  sha256: string,
): Promise<NamedTensor> {
  const source = context.image(name);
  if (!source) throw new Error(`${name}: this device no longer has the image`);
  const store = new InputStore([source], model.manifest.preprocess);
  const [image] = await store.prepareAll();
  const tensor = await store.tensor(0);
  if (!tensor) throw new Error(`${name}: ${image.decodeError ?? 'could not be decoded'}`);
  if (image.inputSha256 !== sha256)
    throw new Error(`${name}: its input now hashes to ${image.inputSha256}, the run had ${sha256}`);
  return { name: model.manifest.inputName ?? 'input', ...tensor };
}

/** The model URL and format a configuration loads (ORT may load a TF.js model's converted sibling). */
export function modelOf(resolved: ResolvedModel, id: ConfigId, input: NamedTensor) {
  const expected = [{ name: input.name, dtype: input.dtype, shape: input.shape }];
  const choice = resolved.loadRequestFor(configuration(id).runtime, expected);
  if ('unsupported' in choice) throw new Error(`${id}: ${choice.unsupported}`);
  const { source, format } = choice.request;
  if (source.kind !== 'url')
    throw new Error('localization of a model loaded from this device: not available in this build');
  return { format, url: source.baseUrl + source.entry };
}

/** The model URL and format both configurations load. */
function modelFor(resolved: ResolvedModel, ids: ConfigId[], input: NamedTensor) {
  const [reference, suspect] = ids.map((id) => modelOf(resolved, id, input));
  if (reference.url !== suspect.url || reference.format !== suspect.format)
    throw new Error(
      `${ids[0]} runs ${reference.format} and ${ids[1]} ${suspect.format}: localizing across two model files is not available in this build`,
    );
  return suspect;
}

/** A localization as it ran, tensors included: what its repro bundle is made from (kept in memory only). */
export type KeepLocalized = (record: LocalizationRecord, make: () => Promise<ReproBundle>) => void;

/** The page's "Why?" and the repro bundle of each localization it made. */
export interface PageLocalizer {
  localize: (configId: string, image: string) => Promise<LocalizationRecord>;
  /** Makes the record's repro bundle; null for a record this page did not localize (its tensors are gone). */
  reproFor: (record: LocalizationRecord) => (() => Promise<ReproBundle>) | null;
}

/** A shown run's context on this page: its zoo model, its images from wherever the page has them. */
export function pageContext(
  result: RunResult,
  image: (name: string) => ImageSource | null,
  assetBaseUrl: string,
): LocalizeContext {
  return {
    result,
    model: async () => {
      const manifest = zoo.models.find((m) => m.id === result.model.id);
      if (!manifest)
        throw new Error(
          `localization of a model from this device (${result.model.id}): not available in this build`,
        );
      return resolveModel(manifest, assetBaseUrl);
    },
    image,
    assetBaseUrl,
    timeoutMs: result.settings.timeoutMs,
  };
}

/** The page's "Why?": a shown run's zoo model, its images read from where the page shows them. */
export function pageLocalizer(
  result: RunResult,
  imageUrl: (name: string) => string | null,
  assetBaseUrl: string,
): PageLocalizer {
  const image = (name: string) => {
    const url = imageUrl(name);
    return url ? { name, read: () => readUrl(url, name) } : null;
  };
  const context = pageContext(result, image, assetBaseUrl);
  const made = new WeakMap<LocalizationRecord, () => Promise<ReproBundle>>();
  const keep: KeepLocalized = (record, make) => made.set(record, make);
  return {
    localize: (configId, image) => localizeConfig(context, configId, image, keep),
    reproFor: (record) => made.get(record) ?? null,
  };
}

/**
 * Localizes one configuration's disagreement with the run's reference on one image of the run, as the
 * record keeps it; a localization that cannot be done is recorded with the reason.
 */
export async function localizeConfig(
  context: LocalizeContext,
  suspectId: string,
  imageName: string,
  keep?: KeepLocalized,
): Promise<LocalizationRecord> {
  const referenceId = context.result.settings.referenceConfigId;
  const image = context.result.images.find((i) => i.name === imageName);
  const which = {
    referenceId,
    suspectId,
    image: imageName.replace(/[<>]/g, '').slice(0, 512),
    inputSha256: image?.inputSha256 ?? '0'.repeat(64),
  };
  try {
    if (!image?.inputSha256) throw new Error(`${imageName}: not an image of this run with an input`);
    const ids = [configId(referenceId), configId(suspectId)];
    const resolved = await context.model();
    const input = await inputFor(context, resolved, imageName, image.inputSha256);
    const model = modelFor(resolved, ids, input);
    const request = {
      modelUrl: model.url,
      input,
      referenceId: ids[0],
      suspectId: ids[1],
      assetBaseUrl: context.assetBaseUrl,
      timeoutMs: context.timeoutMs,
      diverged: true,
    };
    const result = await localize(model.format, request);
    const record = await toLocalizationRecord(which, result);
    const source = { modelId: context.result.model.id, image: which.image, inputSha256: which.inputSha256 };
    keep?.(record, () => makeReproBundle(request, result, source));
    return record;
  } catch (error) {
    return { ...which, failed: errorText(error).replace(/[<>]/g, '').slice(0, 4096) };
  }
}

/** Every configuration whose verdict is not "agrees", localized on its first disagreeing image. */
export async function localizeRun(
  context: LocalizeContext,
  onLocalized: (record: LocalizationRecord) => void = () => {},
  keep?: KeepLocalized,
): Promise<LocalizationRecord[]> {
  const records: LocalizationRecord[] = [];
  for (const { suspectId, image } of casesToLocalize(context.result)) {
    const record = await localizeConfig(context, suspectId, image, keep);
    onLocalized(record);
    records.push(record);
  }
  return records;
}
