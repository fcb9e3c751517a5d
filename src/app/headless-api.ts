import { resumeRun, startRun, type RunOptions } from '../lab/run/start-run';
import { runCheckpoints } from '../lab/storage/run-checkpoints';
import type { LabProgress } from '../lab/run/run-lab';
import { zoo } from '../lab/models/zoo';
import { localRuns } from '../lab/storage/local-runs';
import { runResultSchema } from '../core/result-schema';
import type { ConformanceOptions, ConformanceProgress } from '../lab/conformance/run-conformance';
import { startConformance } from '../lab/conformance/start-conformance';
import { localizeOnnx } from '../lab/localize/localize-onnx';
import { localizeTfjs } from '../lab/localize/localize-tfjs';
import { localize } from '../lab/localize/localize';
import { pageContext } from '../lab/localize/localize-run';
import { sendTensors, traceRun } from '../lab/localize/trace-run';
import { sampleImages } from '../lab/images/image-sources';
import { assetBaseUrl } from '../lab/run/start-run';
import { fuzzHashes, runFuzz, runFuzzCase, type FuzzOptions } from '../lab/fuzz/run-fuzz';
import type { LocalizationRequest } from '../lab/localize/localization-types';
import type { ModelFormat } from '../core/model-manifest';
import { makeReproBundle, type ReproBundle, type ReproSource } from '../lab/repro/make-bundle';
import { rerunBundle, type RerunOptions } from '../lab/repro/rerun-bundle';
import type { ReproSink } from '../lab/run/start-run';
import { base64 } from '../repro/base64';
import type { ReproManifest } from '../repro/repro-manifest';
import type { ReproAnswer } from '../repro/rerun-answer';

/** A repro bundle as it crosses to the headless runner: plain JSON. */
export type SerializedBundle = { fileName: string; base64: string; manifest: ReproManifest };
import { beginStudy, continueStudy, studyOutcome } from '../lab/study/page-study';
import { parseStudy } from '../lab/study/parse-study';
import { deviceStudies } from '../lab/study/study-store';
import type { StudyProgress } from '../core/study/study-progress';

declare global {
  interface Window {
    crosscheck: {
      zoo: typeof zoo;
      run(options: RunOptions): Promise<unknown>;
      /** Runs this device checkpointed and did not finish (a reload, a crash, a killed browser), newest first. */
      unfinishedRuns(): Promise<string[]>;
      /** Carries one on from its checkpoint, as the page's Resume button does. */
      resume(runId: string): Promise<unknown>;
      /** Keeps a run record (e.g. one downloaded elsewhere) on this device and queues it for the store. */
      importRun(record: unknown): Promise<void>;
      /** The operator conformance suite (docs/conformance.md), as the Conformance screen runs it. */
      conformance(options: ConformanceOptions): Promise<unknown>;
      /** The first node where two ORT configurations part on one input (issue 15). */
      localizeOnnx: typeof localizeOnnx;
      /** The same for TF.js configurations, or a TF.js model against its faulty copy. */
      localizeTfjs: typeof localizeTfjs;
      /**
       * A run on the embedded samples traced again, each configuration running `modelUrl` instead of the
       * run's model file: another device's trace with an injected fault (docs/cross-device-localization.md).
       */
      traceAgain(record: unknown, modelUrl: string): Promise<unknown>;
      /** That run's full tensors of `outputs` on one configuration, captured again and sent to the store. */
      sendTensors(record: unknown, configId: string, outputs: string[], modelUrl?: string): Promise<string[]>;
      /** Generated graphs run differentially (docs/fuzzing-and-profiling.md), as the Fuzz screen runs them. */
      fuzz(options: FuzzOptions): Promise<unknown>;
      /** The fingerprints of a fuzz run's graphs and inputs, to match Node's. */
      fuzzHashes: typeof fuzzHashes;
      /** One generated case's outputs on one configuration. */
      fuzzCase: typeof runFuzzCase;
      /** Localizes one disagreement and makes its repro bundle (docs/repro-bundles.md), with the format's localizer (default ONNX). */
      reproBundle(
        request: LocalizationRequest,
        source: ReproSource,
        format?: ModelFormat,
      ): Promise<SerializedBundle>;
      /** Reruns a repro bundle (base64 zip) on this device: "does this device have the bug?". */
      rerunBundle(zipBase64: string, options: RerunOptions): Promise<ReproAnswer>;
      /** A study (docs/studies.md), as the Study screen runs it: its progress and its runs at the end. */
      study(definition: unknown): Promise<unknown>;
      /** Studies this device began and did not finish, newest first. */
      unfinishedStudies(): Promise<string[]>;
      /** Carries one on, as the Study screen's Resume does. */
      resumeStudy(studyId: string): Promise<unknown>;
    };
    /** Set by the headless runner (`lab --repro`) to receive each run's repro bundles. */
    crosscheckReproBundle?: (bundle: SerializedBundle | { suspectId: string; failed: string }) => void;
    /** Set by the headless runner (Playwright exposeFunction) to stream progress to the terminal. */
    crosscheckProgress?: (progress: LabProgress) => void;
    /** The same for a study's steps. */
    crosscheckStudyProgress?: (progress: StudyProgress) => void;
    crosscheckConformanceProgress?: (progress: ConformanceProgress) => void;
  }
}

const serialized = ({ zip, fileName, manifest }: ReproBundle): SerializedBundle => ({
  fileName,
  base64: base64(zip),
  manifest,
});
const sendBundle: ReproSink = (bundle) =>
  window.crosscheckReproBundle?.('zip' in bundle ? serialized(bundle) : bundle);

/** A run on the embedded samples, as this page would localize it. */
async function samplesContext(record: unknown) {
  const base = assetBaseUrl();
  const samples = await sampleImages(base);
  const image = (name: string) => samples.find((s) => s.name === name) ?? null;
  return pageContext(runResultSchema.parse(record), image, base);
}

/** The entry the headless runner drives: the same startRun the page's form calls. */
export function exposeHeadlessApi(): void {
  const progress = (p: LabProgress) => window.crosscheckProgress?.(p);
  window.crosscheck = {
    zoo,
    run: (options) => startRun(options, progress, undefined, undefined, sendBundle),
    unfinishedRuns: async () => (await runCheckpoints().unfinished()).map((run) => run.runId),
    resume: (runId) => resumeRun(runId, progress, undefined, undefined, sendBundle),
    importRun: async (record) => void (await localRuns().save(runResultSchema.parse(record), 'queued')),
    conformance: (options) => startConformance(options, (p) => window.crosscheckConformanceProgress?.(p)),
    localizeOnnx,
    localizeTfjs,
    traceAgain: async (record, modelUrl) => traceRun(await samplesContext(record), { modelUrl }),
    sendTensors: async (record, configId, outputs, modelUrl) =>
      sendTensors(await samplesContext(record), configId, outputs, { modelUrl }),
    fuzz: (options) => runFuzz(options, (p) => window.crosscheckConformanceProgress?.(p)),
    fuzzHashes,
    fuzzCase: runFuzzCase,
    reproBundle: async (request, source, format = 'onnx') =>
      serialized(await makeReproBundle(request, await localize(format, request), source)),
    rerunBundle: (zipBase64, options) =>
      rerunBundle(
        Uint8Array.from(atob(zipBase64), (c) => c.charCodeAt(0)),
        options,
      ),
    study: (definition) => headlessStudy(beginStudy(parseStudy(definition))),
    unfinishedStudies: async () => (await deviceStudies().unfinished()).map((s) => s.studyId),
    resumeStudy: async (studyId) => {
      const progress = await deviceStudies().studies.get(studyId);
      if (!progress) throw new Error(`no unfinished study ${studyId} on this device`);
      return headlessStudy(progress);
    },
  };
}

async function headlessStudy(start: StudyProgress): Promise<unknown> {
  const progress = await continueStudy(start, (p, run) =>
    run ? window.crosscheckProgress?.(run) : window.crosscheckStudyProgress?.(p),
  );
  return studyOutcome(progress);
}
