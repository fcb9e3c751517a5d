import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../server/start-server';
import { splitConfigList } from '../src/adapters/configurations';
import { findPreset, optionPresets } from '../src/adapters/option-presets';
import { describeRecommendation } from '../src/core/recommend/describe-recommendation';
import { summaryTable } from '../src/core/report/summary-table';
import { checkNativeReferences, withNativeReferences } from '../node-reference/native-references';
import { localizationLines } from '../src/localize/localization-record';
import { traceLines } from '../src/localize/trace-summary';
import { describeProfiles } from '../src/core/profile/describe-profiles';
import { formatVariantSpec, parseVariantSpec } from '../src/variants/variant-spec';
import { runHeadless } from './run-headless';
import type { SerializedBundle } from '../src/app/headless-api';
import { createCliRun, findCliRun, keepPort, removeCliRun, type CliRunChoices } from './unfinished-cli-runs';
import { studyPreset, studyPresets } from '../src/core/study/study-presets';
import { parseStudy } from '../src/lab/study/parse-study';
import { runStudyHeadless } from './run-study-headless';
import { writeStudyReport } from './study-report';

const usage = `usage: npm run lab -- --model <id> [--images <dir>] [--configs a,b,... | --preset <id>] [--reference <config>]
                    [--limit N] [--warmup N] [--runs N] [--timeout-ms N] [--out <dir>] [--data <dir>] [--no-build] [--native] [--verbose]
                    [--localize [--repro <dir>]] [--trace] [--profile] [--variant <spec>]
       npm run lab -- --resume [<id>] [--out <dir>] [--data <dir>] [--no-build] [--native] [--localize [--repro <dir>]] [--trace] [--profile] [--verbose]
       npm run lab -- --study <preset|file.json> [--out <dir>] [--data <dir>] [--no-build] [--verbose]
  --study       configurations × variants within a time budget (docs/studies.md); presets: ${studyPresets.map((p) => p.name).join(', ')};
                a killed study carries on with --resume like a run
  --localize    localize each configuration that does not agree, on its first disagreeing image
  --repro <dir> with --localize: write each localized configuration's repro bundle (a zip) into <dir> (docs/repro-bundles.md)
  --trace       keep every node output's summary on the first image, per configuration, so the run can be
                localized against another device's (docs/cross-device-localization.md)
  --data <dir>  the lab store and token (default ./data; DATABASE_URL: PostgreSQL instead), and unfinished runs
  --profile     after each configuration's images, a pass of 5 inferences with its kernel profiler on: time per op
  --variant <spec>  run a variant of the model on every configuration but the reference, which runs the
                original: fp16, int8, prune[sparsity=0.5], mutant[op=add-to-sub,seed=1] (docs/variants.md)
  --native      also run the page's input tensors in Node (TF.js cpu/wasm, onnxruntime-node): a "vs native" column
  --resume      carries on a run that was stopped (killed, crashed) with the choices it began with,
                keeping every image it had measured; <id> is needed only when several are unfinished
  models: nsfw-mobilenet-v2 (default), nsfw-inception-v3, darknet-tiny, mobilenetv2-int8 (the last two need ../shared)
  --warmup N: the most warm-up runs per configuration (default 30); warm-up stops once the times are steady
  configs: tfjs-cpu, tfjs-wasm, tfjs-webgl, tfjs-webgpu, ort-wasm, ort-webgpu (JSEP), ort-webgpu-native,
           ort-webgl, ort-webnn, litert-wasm, litert-webgpu, litert-webnn
           each with options if it takes any (docs/options.md), e.g.
           --configs 'tfjs-webgl[WEBGL_FORCE_F16_TEXTURES=true],tfjs-wasm[threads=2],ort-wasm[threads=1]'
  --preset: a set of configurations with options that answers one question (docs/options.md):
           ${optionPresets.map((p) => p.id).join(', ')}`;

function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} must be a whole number, got "${value}"`);
  return n;
}

/** The run's choices as flags give them, kept with the run so a resume repeats them exactly. */
function choicesFrom(values: Record<string, string | boolean | undefined>): CliRunChoices {
  const text = (flag: string) => {
    const value = values[flag];
    return typeof value === 'string' ? value : undefined;
  };
  const images = text('images');
  const configs = text('configs');
  const preset = text('preset');
  if (configs !== undefined && preset !== undefined)
    throw new Error('--configs and --preset both choose the configurations: give one');
  const variant = text('variant');
  return {
    modelId: text('model') ?? 'nsfw-mobilenet-v2',
    imagesDir: images ? resolve(images) : undefined,
    configIds: preset ? [...findPreset(preset).configIds] : configs ? splitConfigList(configs) : undefined,
    referenceConfigId: text('reference'),
    limit: positiveInt(text('limit'), '--limit'),
    warmupRuns: positiveInt(text('warmup'), '--warmup'),
    timedRuns: positiveInt(text('runs'), '--runs'),
    timeoutMs: positiveInt(text('timeout-ms'), '--timeout-ms'),
    // Checked (and written canonically) before anything is built or kept for resuming.
    variant: variant === undefined ? undefined : formatVariantSpec(parseVariantSpec(variant)),
  };
}

/** Writes each repro bundle the page hands over into `dir`; `written` gives one line per bundle. */
function writeBundles(dir: string) {
  const lines: Promise<string>[] = [];
  const write = (bundle: SerializedBundle | { suspectId: string; failed: string }) => {
    if ('failed' in bundle)
      return void lines.push(
        Promise.resolve(`Repro bundle: none for ${bundle.suspectId} (${bundle.failed})`),
      );
    const path = join(dir, bundle.fileName);
    lines.push(
      mkdir(dir, { recursive: true })
        .then(() => writeFile(path, Buffer.from(bundle.base64, 'base64')))
        .then(
          () =>
            `Repro bundle: ${path} (${bundle.manifest.suspect.configId}: the ${bundle.manifest.model.kind} model of ${bundle.manifest.source.firstDivergent}; ${bundle.manifest.reproduced ? 'reproduces' : 'did not reproduce when made'})`,
        ),
    );
  };
  return { write, written: () => Promise.all(lines) };
}

/** `--study`: a preset's name or a JSON file, checked before anything is kept for resuming. */
function studyChoices(arg: string): CliRunChoices {
  const fromFile = arg.endsWith('.json') || existsSync(arg);
  const raw: unknown = fromFile ? JSON.parse(readFileSync(arg, 'utf8')) : studyPreset(arg).study;
  const study = (() => {
    try {
      return parseStudy(raw);
    } catch (error) {
      throw new Error(`--study ${arg}: ${(error as Error).message}`);
    }
  })();
  return { modelId: study.model, study };
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      resume: { type: 'boolean', default: false },
      model: { type: 'string' },
      preset: { type: 'string' },
      images: { type: 'string' },
      configs: { type: 'string' },
      reference: { type: 'string' },
      limit: { type: 'string' },
      warmup: { type: 'string' },
      runs: { type: 'string' },
      'timeout-ms': { type: 'string' },
      variant: { type: 'string' },
      profile: { type: 'boolean', default: false },
      out: { type: 'string', default: 'reports' },
      data: { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      native: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      localize: { type: 'boolean', default: false },
      repro: { type: 'string' },
      trace: { type: 'boolean', default: false },
      study: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return console.log(usage);

  const choiceFlags = [
    'model',
    'images',
    'configs',
    'preset',
    'reference',
    'limit',
    'warmup',
    'runs',
    'timeout-ms',
    'variant',
  ];
  const given = choiceFlags.filter((flag) => values[flag as keyof typeof values] !== undefined);
  if (values.resume && given.length)
    throw new Error(`--resume repeats the run's own choices: drop --${given.join(', --')}`);
  if (positionals.length > (values.resume ? 1 : 0))
    throw new Error(`unexpected argument "${positionals.at(-1)}" (see --help)`);
  if (values.repro !== undefined && !values.localize)
    throw new Error('--repro <dir> makes the bundles of localizations: add --localize');
  const dataDir = resolve(values.data ?? defaultDataDir);
  if (
    values.study !== undefined &&
    (given.length ||
      values.resume ||
      values.native ||
      values.localize ||
      values.repro !== undefined ||
      values.trace ||
      values.profile)
  )
    throw new Error(
      '--study takes its choices from the study: drop --resume, --native, --localize, --repro, --trace, --profile and the run choices',
    );
  const choices = values.resume
    ? null
    : values.study !== undefined
      ? studyChoices(values.study)
      : choicesFrom(values);
  // A model --native cannot take is refused before the browser starts, and before a folder is kept for
  // resuming a run that never began.
  if (values.native && choices) await checkNativeReferences(choices.modelId);
  const cliRun = choices ? await createCliRun(dataDir, choices) : await findCliRun(dataDir, positionals[0]);
  if (values.native && !choices) await checkNativeReferences(cliRun.choices.modelId);
  const resumeHint = `npm run lab -- --resume ${cliRun.id}${values.data ? ` --data ${values.data}` : ''}`;
  process.stderr.write(
    values.resume
      ? `resuming run ${cliRun.id} (started ${cliRun.startedAt})\n`
      : `run ${cliRun.id}; if it is stopped, carry it on with: ${resumeHint}\n`,
  );

  const started = Date.now();
  const bundles = values.repro === undefined ? null : writeBundles(resolve(values.repro));
  const elapsed = () => ((Date.now() - started) / 1000).toFixed(0).padStart(4);
  const { study, ...runChoices } = cliRun.choices;
  if (study) {
    const outcome = await runStudyHeadless({
      definition: study,
      skipBuild: values['no-build'],
      dataDir: values.data ? dataDir : undefined,
      session: {
        profileDir: cliRun.profileDir,
        port: cliRun.port,
        onListening: (port) => keepPort(cliRun, port),
      },
      onProgress: (p) => process.stderr.write(`${elapsed()}s  ${p.phase.padEnd(6)} ${p.message}\n`),
      onStudyProgress: (p) => {
        const settled = p.cells.filter((c) => c.state !== 'pending').length;
        process.stderr.write(`${elapsed()}s  study  ${settled}/${p.cells.length} cells done or skipped\n`);
      },
      onConsole: values.verbose ? (line) => process.stderr.write(`  browser ${line}\n`) : undefined,
    }).catch((error: Error) => {
      throw new Error(`${error.message}\n(what was measured is kept: ${resumeHint})`);
    });
    await removeCliRun(cliRun);
    const { lines, stem } = await writeStudyReport(values.out, outcome);
    console.log(lines.join('\n'));
    console.log(`\nReport: ${stem}.json\nSummary: ${stem}.txt`);
    for (const { message } of outcome.stored) console.log(`Store: ${message}`);
    if (outcome.progress.finishedAt === null) {
      console.error(`lab: the study stopped before it finished; carry it on with: ${resumeHint}`);
      process.exitCode = 1;
    }
    return;
  }
  let stored: { ok: boolean; message: string } | undefined;
  // A failed native step keeps the browser run's reports and store copy, and fails the command after them.
  let nativeError = null as string | null;
  const result = await runHeadless({
    ...runChoices,
    profile: values.profile,
    skipBuild: values['no-build'],
    localize: values.localize,
    repro: bundles !== null,
    onReproBundle: bundles?.write,
    trace: values.trace,
    dataDir: values.data ? dataDir : undefined,
    session: {
      profileDir: cliRun.profileDir,
      port: cliRun.port,
      onListening: (port) => keepPort(cliRun, port),
    },
    onProgress: (p) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(0).padStart(4);
      const config = p.phase === 'done' ? '' : `[${p.configIndex + 1}/${p.configCount}] `;
      const image = p.phase === 'images' ? `${String(p.done + 1).padStart(5)}/${p.total}  ` : '';
      process.stderr.write(`${seconds}s  ${config}${p.phase.padEnd(6)} ${image}${p.message}\n`);
    },
    onStored: (outcome) => (stored = outcome),
    augment: values.native
      ? async (run) => {
          process.stderr.write('native references: the same input tensors in Node…\n');
          return withNativeReferences(run, values.images ? resolve(values.images) : undefined).catch(
            (error: Error) => ((nativeError = error.message), run),
          );
        }
      : undefined,
    onConsole: values.verbose ? (line) => process.stderr.write(`  browser ${line}\n`) : undefined,
  }).catch((error: Error) => {
    throw new Error(`${error.message}\n(what was measured is kept: ${resumeHint})`);
  });
  await removeCliRun(cliRun);

  const recommendation = result.recommendation ? describeRecommendation(result.recommendation) : [];
  const table = [summaryTable(result), ...recommendation, ...describeProfiles(result.profile ?? {})].join(
    '\n',
  );
  await mkdir(values.out, { recursive: true });
  const stem = join(values.out, `${result.model.id}-${result.startedAt.replace(/[:.]/g, '-')}`);
  await writeFile(`${stem}.json`, JSON.stringify(result, null, 2));
  await writeFile(`${stem}.txt`, table + '\n');
  console.log(table);
  if (values.localize) console.log(localizationLines(result).join('\n'));
  if (bundles) console.log((await bundles.written()).join('\n'));
  if (values.trace) console.log(traceLines(result).join('\n'));
  console.log(`\nReport: ${stem}.json\nSummary: ${stem}.txt`);
  const data = values.data ?? './data';
  const where = process.env.DATABASE_URL ? 'PostgreSQL at DATABASE_URL' : `embedded PGlite in ${data}/pglite`;
  if (stored?.ok)
    console.log(
      `Store: ${stored.message} in the lab store (${where}); \`npm start\` serves it at /api/runs/${result.runId} (lab token: ${data}/lab-token)`,
    );
  else console.log(`Store: not stored (${stored?.message ?? 'no answer'}); the report above has everything`);
  if (nativeError) {
    console.error(`lab: native references not added: ${nativeError}`);
    process.exitCode = 1;
  }
}

main().catch((error: Error) => {
  console.error(`lab: ${error.message}`);
  process.exit(1);
});
