import {
  configuration,
  configurations,
  defaultReference,
  parseConfigId,
  routeFor,
  type ConfigId,
  type ConfigurationRoute,
} from '../../adapters/configurations';
import { describeIssues } from '../../core/describe-issues';
import { modelManifestSchema, type ModelManifest } from '../../core/model-manifest';
import { userManifest, type UserModel } from '../user-model/user-model';
import { parseVariantSpec, type VariantSpec } from '../../variants/variant-spec';

/** What a person (form, CLI, campaign) asks for; everything else about a run is decided by `planRun`. */
export interface PlanOptions {
  /** A model of the zoo, or a manifest given whole (validated like the zoo's), or the person's own model. */
  modelId?: string;
  manifest?: unknown;
  userModel?: UserModel;
  /**
   * Defaults to every configuration that runs the model (its converted ONNX sibling included). Each may
   * carry options (`tfjs-wasm[threads=2]`, see docs/options.md); two spellings of one are run once.
   */
  configIds?: readonly string[];
  referenceConfigId?: string;
  /**
   * A campaign's plan names configurations for every device: one this model cannot run is kept and
   * recorded as unsupported (with the reason) rather than refused.
   */
  keepUnsupported?: boolean;
  /**
   * A variant of the model (`fp16`, `int8`, `prune[sparsity=0.5]`, `mutant[op=…,seed=n]`, docs/variants.md):
   * every configuration but the reference runs it, the reference runs the original. Absent or `original`:
   * the model itself, exactly as without it.
   */
  variant?: string;
}

export interface PlannedConfiguration {
  configId: ConfigId;
  route: ConfigurationRoute;
}

/** One run's configurations, reference first when the person did not tick it, each with how it runs the model. */
export interface RunPlan {
  manifest: ModelManifest;
  configurations: PlannedConfiguration[];
  configIds: ConfigId[];
  referenceConfigId: ConfigId;
  /** The reference was not among the chosen configurations and was added to them. */
  referenceAdded: boolean;
  /** The variant asked for, checked; null for the model itself (`original` included). */
  variant: VariantSpec | null;
}

function chooseModel(options: PlanOptions, zoo: readonly ModelManifest[]): ModelManifest {
  const given = options.userModel ? userManifest(options.userModel) : options.manifest;
  if (given !== undefined) {
    const parsed = modelManifestSchema.safeParse(given);
    if (!parsed.success) throw new Error(`model manifest: ${describeIssues(parsed.error)}`);
    return parsed.data;
  }
  const manifest = zoo.find((m) => m.id === options.modelId);
  if (!manifest)
    throw new Error(`unknown model "${options.modelId}" (known: ${zoo.map((m) => m.id).join(', ')})`);
  return manifest;
}

/**
 * The one planner the Lab form (its preview), `startRun` (the page and the CLI) and campaigns share, so they
 * cannot disagree on which configurations run a model: a TF.js model with a converted sibling also runs on ORT.
 */
export function planRun(options: PlanOptions, zoo: readonly ModelManifest[]): RunPlan {
  const manifest = chooseModel(options, zoo);
  // Checked before anything else about the run, so a misspelt variant is refused at once.
  const variant = options.variant === undefined ? null : parseVariantSpec(options.variant);
  const route = (configId: ConfigId) =>
    routeFor(configuration(configId).runtime, manifest.format, manifest.converted !== undefined);
  const given = options.configIds?.length
    ? options.configIds
    : configurations.map((c) => c.id).filter((id) => !('unsupported' in route(id)));
  const refusals: string[] = [];
  const asked: ConfigId[] = [];
  for (const text of given) {
    try {
      asked.push(parseConfigId(text).id);
    } catch (error) {
      refusals.push((error as Error).message);
    }
  }
  if (refusals.length) throw new Error(refusals.join('; '));
  const planned = [...new Set(asked)].map((configId) => ({ configId, route: route(configId) }));
  const refused = planned.filter((p) => 'unsupported' in p.route);
  if (refused.length && !options.keepUnsupported) {
    const usable = configurations.map((c) => c.id).filter((id) => !('unsupported' in route(id)));
    throw new Error(
      `${refused.map((p) => p.configId).join(', ')} cannot run ${manifest.id} (${manifest.format}; use: ${usable.join(', ')})`,
    );
  }
  const referenceConfigId = parseConfigId(options.referenceConfigId ?? defaultReference(manifest.format)).id;
  const referenceRoute = route(referenceConfigId);
  if ('unsupported' in referenceRoute) {
    throw new Error(`reference ${referenceConfigId}: ${referenceRoute.unsupported}`);
  }
  const referenceAdded = !planned.some((p) => p.configId === referenceConfigId);
  if (referenceAdded) planned.unshift({ configId: referenceConfigId, route: referenceRoute });
  return {
    manifest,
    configurations: planned,
    configIds: planned.map((p) => p.configId),
    referenceConfigId,
    referenceAdded,
    variant: variant?.kind === 'original' ? null : variant,
  };
}
