/**
 * npm run bench:lab (the last step of npm run bench, so its summary closes it): every figure of the run issue beside its target and
 * the machine's load — peak browser memory and its growth, memory per configuration, the harness's
 * overhead (lab p50 ÷ bare-loop p50, median of repeats with a bootstrap interval), the best agreeing
 * browser configuration vs onnxruntime-node (int8 and fp32), a sweep's cost, a leak check over many
 * inferences, and the offline cold start to first labels — then a summary table. A benchmark, not a test:
 * nothing is asserted; it exits non-zero only when something crashes. docs/measurements.md says what each
 * figure means.
 *
 *   npm run bench:lab -- [--quick] [--repeat N] [--configs a,b] [--no-build] [--verbose]
 *   npm run bench -- --quick      (npm hands the flags to the last step, this one)
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium } from '../cli/chromium';
import { defaultSharedDir, labMounts } from '../server/folder-mounts';
import { distDir, projectRoot } from '../server/project-paths';
import { startServer } from '../server/start-server';
import { modelManifestSchema } from '../src/core/model-manifest';
import { figure, figureLine, summaryTable, type BenchFigure } from './bench-figure';
import { otherCpuBetween, readCpu } from './other-cpu';
import { benchPlan, type BenchStep } from './bench-plan';
import { labVsBareTable } from './bench-report';
import {
  combineRepeats,
  overheadFigure,
  runtimePace,
  runtimeStartUp,
  type OverheadEstimate,
} from './harness-overhead';
import { labVsBare, type LabVsBare } from './lab-vs-bare';
import { leakCheck } from './leak-check';
import { memoryFigures } from './memory-figures';
import { nativeFigure } from './native-figures';
import { appShellSize, coldStartLine, coldStartTargetMs, medianColdStart } from './pwa-bench';
import { freshRun, sampledRun } from './sampled-browser';
import { StepClock, sweepCost, sweepTarget } from './sweep-cost';

const sharedDir = defaultSharedDir();
const int8Onnx = join(sharedDir, 'models', 'mobilenetv2-12-int8-onnx', 'mobilenetv2-12-int8.onnx');
const imagenetDir = join(sharedDir, 'data', 'imagenet-samples');
/** The converted built-in MobileNetV2 (prepare-assets writes it), so the fp32 figure needs no ../shared. */
const fp32Onnx = join(projectRoot, 'public', 'generated', 'models', 'nsfw-mobilenet-v2', 'model.onnx');
const samplesDir = join(projectRoot, 'public', 'generated', 'samples');
const fastConfigs = ['tfjs-wasm', 'ort-wasm'];

/** How big each part is: --quick checks that everything works in a few minutes, not what it measures. */
const sizes = {
  full: { repeat: 3, memoryImages: 2, moreImages: 8, agreementImages: 5, sweepImages: 200, leakRuns: 1000 },
  quick: { repeat: 1, memoryImages: 1, moreImages: 3, agreementImages: 2, sweepImages: 12, leakRuns: 100 },
};

function count(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a whole number ≥ 1, got "${value}"`);
  return n;
}

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0).padStart(4)}s`;
const log = (line: string) => process.stderr.write(`[bench] ${elapsed()} ${line}\n`);

/** A configuration whose page broke still gets its row, with the error, so the others are not lost. */
function failedRow(step: BenchStep, error: Error): LabVsBare {
  return {
    configId: step.configId,
    modelId: step.modelId,
    warmupRuns: step.warmupRuns,
    timedRuns: step.timedRuns,
    lab: null,
    bare: null,
    labSamplesMs: [],
    bareSamplesMs: [],
    startUpMs: [],
    pValue: null,
    activeBackend: null,
    threads: null,
    inputSha256: null,
    notes: [`page: ${error.message}`],
  };
}

/** One pass of lab vs bare loop over every step; `bareFirst` alternates with the pass. */
async function overheadPass(
  steps: BenchStep[],
  benchUrl: string,
  bareFirst: boolean,
  verbose: boolean,
): Promise<LabVsBare[]> {
  const rows: LabVsBare[] = [];
  for (const step of steps) {
    log(
      `${step.configId} (${step.modelId}): ${bareFirst ? 'bare loop, then lab' : 'lab, then bare loop'}, each in a browser of its own after a primer (≤${step.warmupRuns} + ${step.timedRuns} runs)`,
    );
    const row = await labVsBare(launchChromium, benchUrl, {
      ...step,
      limit: 1,
      timeoutMs: 180_000,
      bareFirst,
      onProgress: verbose ? (p) => log(`  ${p.phase} ${p.message}`) : undefined,
      onConsole: verbose ? (line) => log(`  browser ${line.slice(0, 300)}`) : undefined,
    }).catch((error: Error) => failedRow(step, error));
    rows.push(row);
  }
  return rows;
}

async function manifestOf(id: string) {
  const file = join(projectRoot, 'models', `${id}.json`);
  return modelManifestSchema.parse(JSON.parse(await readFile(file, 'utf8')));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      repeat: { type: 'string' },
      configs: { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
    },
  });
  const size = sizes[values.quick ? 'quick' : 'full'];
  const repeat = count(values.repeat, '--repeat') ?? size.repeat;
  const hasShared = existsSync(int8Onnx) && existsSync(imagenetDir);
  const imagesDir = hasShared ? imagenetDir : undefined;
  const steps = benchPlan({
    imagenetDir: imagesDir ?? null,
    only: values.configs?.split(',').map((c) => c.trim()) ?? (values.quick ? fastConfigs : undefined),
    ...(values.quick ? { warmupRuns: 5, timedRuns: 10 } : {}),
  });
  const figures: BenchFigure[] = [];
  // Each section's figures carry the CPU others used from the section's start to the figure.
  let sectionStart = readCpu();
  const section = () => void (sectionStart = readCpu());
  const add = (f: BenchFigure) => {
    const now = readCpu();
    f.others = sectionStart && now ? otherCpuBetween(sectionStart, now) : null;
    figures.push(f);
    console.log(figureLine(f));
  };
  console.log(
    `Crosscheck bench (${values.quick ? 'quick: checks that it works, the figures mean little' : 'full'}); ` +
      `${availableParallelism()} cores; 1-min load ${loadavg()[0].toFixed(2)} at the start` +
      (hasShared ? '' : `; no ${int8Onnx}: the int8 figures are skipped (set CROSSCHECK_SHARED)`),
  );

  // The bench page is a second build entry: an older build without it cannot be reused.
  const build = !values['no-build'] || !existsSync(join(distDir, 'bench', 'bare-loop.html'));
  log(build ? 'building and serving the app' : 'serving the existing build');
  // An in-memory store (dataDir null): the bench's runs are measurements, not records to keep in ./data.
  const server = await startServer({
    build: build ? 'always' : 'if-missing',
    mounts: labMounts({ imagesDir }),
    dataDir: null,
  });
  const progress = values.verbose
    ? (p: { phase: string; message: string }) => log(`  ${p.phase} ${p.message}`)
    : undefined;
  try {
    // 1. Memory: the default run, its heaviest configuration alone, growth with configurations and images.
    section();
    const memory = await memoryFigures(
      server.url,
      {
        modelId: 'nsfw-mobilenet-v2',
        images: size.memoryImages,
        moreImages: size.moreImages,
        // Quick mode leaves out the SwiftShader configurations, which take minutes on a busy machine.
        defaultConfigs: values.quick ? ['tfjs-cpu', ...fastConfigs] : undefined,
        fewConfigs: fastConfigs,
        moreConfigs: values.quick ? ['tfjs-cpu'] : ['tfjs-cpu', 'tfjs-webgl'],
        warmupRuns: 2,
        timedRuns: 3,
      },
      log,
      progress,
    );
    memory.figures.forEach(add);
    console.log(`\n${memory.perConfig}\n`);

    // 2. The harness's overhead, repeated: the median of the repeats is the figure.
    section();
    const benchUrl = new URL('bench/bare-loop.html', server.url).href;
    const passes: LabVsBare[][] = [];
    for (let i = 0; i < repeat; i++) {
      log(`lab vs bare loop, pass ${i + 1} of ${repeat}`);
      passes.push(await overheadPass(steps, benchUrl, i % 2 === 1, values.verbose));
    }
    const estimates = combineRepeats(passes);
    console.log(`\n${labVsBareTable(estimates)}\n`);
    estimates.map(overheadFigure).forEach(add);

    // 3. A sweep on the fast configurations: wall time against its work at the bare loop's pace.
    section();
    const sweepImages = hasShared ? size.sweepImages : Math.min(size.sweepImages, 8);
    log(`sweep: ${fastConfigs.join(', ')} on ${sweepImages} images`);
    const sweepSteps = new StepClock();
    const sweep = await freshRun(server.url, {
      modelId: 'nsfw-mobilenet-v2',
      imagesDir,
      configIds: fastConfigs,
      referenceConfigId: fastConfigs[0],
      limit: sweepImages,
      onProgress: (p) => (sweepSteps.onProgress(p), progress?.(p)),
    });
    const fp32 = estimates.filter((e) => e.modelId === 'nsfw-mobilenet-v2');
    const byConfig = (measure: (e: OverheadEstimate) => number | null) =>
      new Map(
        fp32.flatMap((e) => {
          const value = measure(e);
          return value === null ? [] : [[e.configId, value] as const];
        }),
      );
    const pace = byConfig(runtimePace);
    const startUp = byConfig(runtimeStartUp);
    console.log(`sweep: ${sweepSteps.breakdown(sweep, pace, startUp)}`);
    try {
      const cost = sweepCost(sweep, pace, startUp);
      const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
      add(
        figure(
          `sweep cost, ${sweepImages} images on ${fastConfigs.join(' + ')}`,
          `${cost.ratio.toFixed(3)} (${seconds(cost.wallMs)} ÷ ${seconds(cost.expectedMs)}: loads, ${cost.inferences} inferences at p50, ` +
            `${seconds(cost.startUpMs)} runtime start-up; ${cost.ratioAtPace.toFixed(3)} with none)`,
          `≤ ${sweepTarget}`,
          cost.ratio <= sweepTarget,
        ),
      );
    } catch (error) {
      add(figure('sweep cost', `no value: ${(error as Error).message}`, `≤ ${sweepTarget}`, null));
    }

    // 4. Leak check: many inferences in a row, memory sampled meanwhile.
    for (const configId of fastConfigs) {
      section();
      log(`leak check: ${size.leakRuns} inferences on ${configId}`);
      add(
        await leakCheck(
          benchUrl,
          {
            configId,
            modelId: 'nsfw-mobilenet-v2',
            imagesUrl: imagesDir ? '/images/' : undefined,
            timeoutMs: 600_000,
          },
          size.leakRuns,
        ),
      );
    }

    // 5. Which configurations agree on the int8 model: the native comparison only takes agreeing ones.
    const int8Agreement = hasShared
      ? await sampledRun(server.url, {
          modelId: 'mobilenetv2-int8',
          imagesDir,
          configIds: steps.filter((s) => s.modelId === 'mobilenetv2-int8').map((s) => s.configId),
          referenceConfigId: 'ort-wasm',
          limit: size.agreementImages,
          warmupRuns: 0,
          timedRuns: 1,
          onProgress: progress,
        })
      : null;

    // 6. Offline cold start to the first labels (tfjs-wasm), with its breakdown.
    section();
    log('offline cold start');
    const shell = await appShellSize();
    console.log(
      `app shell JS: ${(shell.bytes / 1024).toFixed(1)} KiB raw, ${(shell.gzipBytes / 1024).toFixed(1)} KiB gzip`,
    );
    const cold = await medianColdStart(server.url);
    console.log(coldStartLine(cold));
    add(
      figure(
        'offline cold start → first labels, tfjs-wasm',
        `${cold.firstLabelsMs.toFixed(0)} ms, median of ${cold.count} (app ${cold.appReadyMs.toFixed(0)}, setup ${cold.runSetupMs.toFixed(0)}, worker ${cold.workerStartMs.toFixed(0)}, model ${cold.modelLoadMs.toFixed(0)}, inference ${cold.firstInferenceMs.toFixed(0)})`,
        `≤ ${coldStartTargetMs} ms`,
        cold.firstLabelsMs <= coldStartTargetMs,
      ),
    );

    // 7. Native onnxruntime-node, after the browsers have closed: it has the cores to itself.
    log('onnxruntime-node: fp32 and int8');
    const natives = [
      {
        kind: 'fp32',
        manifest: await manifestOf('nsfw-mobilenet-v2'),
        onnxPath: fp32Onnx,
        imagesDir: imagesDir ?? samplesDir,
        agreementRun: memory.defaultRun,
      },
      ...(int8Agreement
        ? [
            {
              kind: 'int8',
              manifest: await manifestOf('mobilenetv2-int8'),
              onnxPath: int8Onnx,
              imagesDir: imagenetDir,
              agreementRun: int8Agreement.result,
            },
          ]
        : []),
    ];
    for (const native of natives) {
      section();
      const { figure: f, table } = await nativeFigure({ ...native, estimates });
      console.log(`\n${table}\n`);
      add(f);
    }
  } finally {
    await server.close();
  }
  console.log(
    `\nSummary (${values.quick ? 'quick' : 'full'} mode, ${elapsed().trim()}):\n${summaryTable(figures)}`,
  );
}

main().catch((error: Error) => {
  console.error(`bench: ${error.stack ?? error.message}`);
  process.exit(1);
});
