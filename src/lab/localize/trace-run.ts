import { configuration, type ConfigId } from '../../adapters/configurations';
import type { ModelFormat } from '../../core/model-manifest';
import type { RunTrace, TraceConfig } from '../../core/result-schema';
import type { NamedTensor } from '../../core/tensor';
import { exposeNodeOutputs } from '../../localize/expose-outputs';
import { summarizeCapture, traceSampleSize } from '../../localize/trace-summary';
import { errorText } from '../run/config-lane';
import { originStore } from '../sync/origin-store';
import { captureInWorker } from './capture-in-worker';
import { configId, inputFor, modelOf, type LocalizeContext } from './localize-run';
import { captureOnnx } from './localize-onnx';
import { tfjsCapturePlan, urlSource } from './localize-tfjs';

type Options = Pick<LocalizeContext, 'assetBaseUrl' | 'timeoutMs'>;

/** Every node output of one configuration on one input, captured as localization does, in graph order. */
async function captureAll(
  id: ConfigId,
  format: ModelFormat,
  url: string,
  input: NamedTensor,
  options: Options,
) {
  if (format === 'onnx') {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    const { bytes, nodes, names, inputs } = exposeNodeOutputs(new Uint8Array(await response.arrayBuffer()));
    // A converted sibling may name its input otherwise than the TF.js model: same bytes, its own name.
    const fed = { ...input, name: inputs[0] ?? input.name };
    const { outputs } = await captureOnnx(id, bytes, [fed], names, options);
    return { nodes, outputs, method: 'exposed-outputs' as const };
  }
  if (format === 'tflite') throw new Error('tracing TFLite models: not available in this build');
  const plan = await tfjsCapturePlan(url);
  const model = { format: plan.format, source: urlSource(url) };
  const { outputs } = await captureInWorker(id, model, plan.names, { ...options, input });
  return { nodes: plan.nodes, outputs, method: plan.method };
}

/** One configuration's every node output on the input, through the run's model file or `modelUrl`. */
async function captureConfig(context: LocalizeContext, input: NamedTensor, id: string, modelUrl?: string) {
  const config = configuration(configId(id));
  const model = modelOf(await context.model(), config.id, input);
  return { config, ...(await captureAll(config.id, model.format, modelUrl ?? model.url, input, context)) };
}

/**
 * One configuration's trace: every intermediate output on the input, summarized (hash, statistics,
 * sample). `modelUrl` replaces the run's model file (a copy with an injected fault, for tests).
 */
async function traceConfig(
  context: LocalizeContext,
  input: NamedTensor,
  id: string,
  modelUrl: string | undefined,
): Promise<TraceConfig> {
  const started = performance.now();
  try {
    const { config, nodes, outputs, method } = await captureConfig(context, input, id, modelUrl);
    return {
      configId: id,
      backend: config.backend,
      halfFloat: config.options.WEBGL_FORCE_F16_TEXTURES === true,
      method,
      elapsedMs: performance.now() - started,
      nodes: await summarizeCapture(nodes, outputs),
    };
  } catch (error) {
    return { configId: id, failed: errorText(error).replace(/[<>]/g, '').slice(0, 4096) };
  }
}

/**
 * Sends the store the full tensors a cross-device localization asked for (its `tensors`), captured
 * again on this device for the run's traced input: the store keeps them only if they hash to the
 * trace, so a device sends what it traced or nothing.
 */
export async function sendTensors(
  context: LocalizeContext,
  id: string,
  names: readonly string[],
  options: { modelUrl?: string } = {},
): Promise<string[]> {
  const { trace, runId } = context.result;
  if (!trace) throw new Error(`run ${runId} has no trace: nothing says which tensors are its own`);
  const input = await inputFor(context, await context.model(), trace.image, trace.inputSha256);
  const { outputs } = await captureConfig(context, input, id, options.modelUrl);
  const sent: string[] = [];
  for (const output of names) {
    const tensor = outputs.get(output);
    if (!tensor) throw new Error(`${id} did not answer output "${output}"`);
    const { buffer, byteOffset, byteLength } = tensor.data;
    const bytes = new Uint8Array(byteLength);
    bytes.set(new Uint8Array(buffer, byteOffset, byteLength));
    await originStore().putTensor({ runId, configId: id, output }, bytes);
    sent.push(output);
  }
  return sent;
}

/**
 * The run's trace (docs/cross-device-localization.md): on the run's first image with an input, every
 * configuration that ran it, each loaded again in a fresh worker with every node output asked for.
 */
export async function traceRun(
  context: LocalizeContext,
  options: { modelUrl?: string } = {},
): Promise<RunTrace> {
  const image = context.result.images.find((i) => i.inputSha256);
  if (!image?.inputSha256) throw new Error('the run has no decoded image to trace');
  const input = await inputFor(context, await context.model(), image.name, image.inputSha256);
  const configs: TraceConfig[] = [];
  for (const c of context.result.configs.filter((c) => c.status === 'ok'))
    configs.push(await traceConfig(context, input, c.configId, options.modelUrl));
  return {
    image: image.name.replace(/[<>]/g, '').slice(0, 512),
    inputSha256: image.inputSha256,
    sampleSize: traceSampleSize,
    configs,
  };
}
