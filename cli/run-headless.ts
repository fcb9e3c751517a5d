import { basename, resolve } from 'node:path';
import { statSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { refusalOf } from '../src/core/error-answer';
import { runResultSchema, type RunResult } from '../src/core/result-schema';
import { createStoreClient } from '../src/lab/sync/store-client';
import type { LabProgress } from '../src/lab/run/run-lab';
import type { RunOptions } from '../src/lab/run/start-run';
import type { SerializedBundle } from '../src/app/headless-api';
import { labMounts } from '../server/folder-mounts';
import { serveForCli } from './serve-for-cli';
import { launchChromium, launchPersistentChromium } from './chromium';

/** The page's run options, with a local image folder instead of the page's image choice. */
export interface HeadlessOptions extends Omit<RunOptions, 'images'> {
  /** A local folder of images; the built-in samples when absent. */
  imagesDir?: string;
  skipBuild?: boolean;
  /** Where the lab store and token live (default ./data). */
  dataDir?: string;
  onProgress?: (progress: LabProgress) => void;
  onConsole?: (line: string) => void;
  /** Told where the run was stored in the lab store (or why it was not). */
  onStored?: (outcome: { ok: boolean; message: string }) => void;
  /** Adds to the page's record before it is stored (e.g. `--native`'s references). */
  augment?: (result: RunResult) => Promise<RunResult>;
  /** A profile kept on disk, so a run killed midway can be carried on (cli/unfinished-cli-runs.ts). */
  session?: PersistentSession;
  /** With `localize` and `repro`: told each repro bundle the page makes, or why one could not be made. */
  onReproBundle?: (bundle: SerializedBundle | { suspectId: string; failed: string }) => void;
}

/**
 * The page checkpoints a run into its IndexedDB, which lives in Chromium's profile and belongs to the
 * app's origin: the same profile folder and the same port find the checkpoint again.
 */
export interface PersistentSession {
  profileDir: string;
  /** The port of the attempt before; null for a first attempt (any free port). */
  port: number | null;
  /** Told the port as soon as the server listens, before the page checkpoints anything. */
  onListening: (port: number) => Promise<void>;
}

function checkImagesDir(dir: string): string {
  const path = resolve(dir);
  const info = statSync(path, { throwIfNoEntry: false });
  if (!info?.isDirectory()) throw new Error(`--images ${dir}: not a folder`);
  return path;
}

/** The run choices that cross into the page; callbacks, the token and runner settings stay here. */
const pageFields = [
  'modelId',
  'manifest',
  'configIds',
  'referenceConfigId',
  'limit',
  'warmupRuns',
  'timedRuns',
  'timeoutMs',
  'localize',
  'repro',
  'trace',
  'profile',
  'variant',
] as const;

function pageRunOptions(options: HeadlessOptions): RunOptions {
  const chosen = Object.fromEntries(pageFields.map((field) => [field, options[field]]));
  const { imagesDir } = options;
  return {
    ...chosen,
    images: imagesDir ? { kind: 'folder', url: '/images/', name: basename(imagesDir) } : { kind: 'samples' },
  };
}

/** Opens the lab page with the runner's hooks: the lab token, progress, repro bundles and console lines streamed out. */
export async function openLab(
  page: Page,
  url: string,
  options: Pick<HeadlessOptions, 'onProgress' | 'onConsole' | 'onReproBundle'> & { token?: string },
): Promise<void> {
  // The page's outbox syncs the run to the store with the lab token, as a person's device would.
  if (options.token)
    await page.addInitScript((t) => localStorage.setItem('crosscheck-lab-token', t), options.token);
  await page.exposeFunction('crosscheckProgress', (p: LabProgress) => options.onProgress?.(p));
  if (options.onReproBundle) await page.exposeFunction('crosscheckReproBundle', options.onReproBundle);
  page.on('console', (message) => options.onConsole?.(`[${message.type()}] ${message.text()}`));
  page.on('pageerror', (error) => options.onConsole?.(`[pageerror] ${error.message}`));
  await page.goto(url);
  await page.waitForFunction(() => 'crosscheck' in window);
}

/** Opens the lab page in system Chromium and runs it exactly as a person's click would. */
export async function runInPage(
  page: Page,
  url: string,
  options: HeadlessOptions & {
    token?: string;
    resume?: boolean;
    /** Runs in the loaded page before the run starts (the bench primes the runtime there). */
    beforeRun?: (page: Page) => Promise<void>;
  },
): Promise<RunResult> {
  await openLab(page, url, options);
  await options.beforeRun?.(page);
  // Plain JSON crosses into the page (never Files), so the serialised form needs no DOM types here.
  // Resuming: the newest run this profile checkpointed carries on; none (killed before its first
  // checkpoint) starts afresh with the same choices.
  const raw = await page.evaluate(
    async ({ o, resume }) => {
      const [unfinished] = resume ? await window.crosscheck.unfinishedRuns() : [];
      return unfinished ? window.crosscheck.resume(unfinished) : window.crosscheck.run(o);
    },
    { o: pageRunOptions(options), resume: options.resume ?? false },
  );
  return runResultSchema.parse(raw);
}

/** Makes sure the store has the run (the page's outbox may already have sent it: the API is idempotent). */
export async function storeRun(
  server: { url: string; token: string },
  result: RunResult,
): Promise<{ ok: boolean; message: string }> {
  // Compressed whatever its size: the same client as the page's, told to gzip every body.
  const client = createStoreClient({
    baseUrl: server.url,
    settings: () => ({ token: server.token, deviceName: '' }),
    gzipAbove: 0,
  });
  const response = await client.postRun(result).catch((error: Error) => error);
  if (response instanceof Error)
    return { ok: false, message: `the store is unreachable for run ${result.runId}: ${response.message}` };
  if (response.ok) return { ok: true, message: `run ${result.runId}` };
  return {
    ok: false,
    message: `the store refused run ${result.runId}: ${response.status} ${await refusalOf(response)}`,
  };
}

/** Where the lab page is served and what it runs with: the settings runHeadless and a study share. */
export type LabPageOptions = Pick<HeadlessOptions, 'imagesDir' | 'skipBuild' | 'dataDir' | 'session'>;

/**
 * Serves the built app and opens the lab page in system Chromium (in the session's profile when there is
 * one), hands it to `use`, and closes both after.
 */
export async function withLabPage<T>(
  options: LabPageOptions,
  use: (
    page: Page,
    server: { url: string; token: string },
    store: { url: string; token: string },
  ) => Promise<T>,
): Promise<T> {
  const imagesDir = options.imagesDir ? checkImagesDir(options.imagesDir) : undefined;
  const { session } = options;
  const { server, store } = await serveForCli({
    build: options.skipBuild ? 'if-missing' : 'always',
    mounts: labMounts({ imagesDir }),
    dataDir: options.dataDir,
    token: process.env.CROSSCHECK_TOKEN,
    databaseUrl: process.env.DATABASE_URL,
    port: session?.port ?? undefined,
  }).catch((error: Error) => {
    const busy = session?.port && /EADDRINUSE/.test(error.message);
    throw busy ? new Error(`cannot resume: port ${session.port}, where the run began, is in use`) : error;
  });
  try {
    await session?.onListening(server.port);
    const context = session
      ? await launchPersistentChromium(session.profileDir)
      : await (await launchChromium()).newContext();
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(0);
      return await use(page, server, store);
    } finally {
      await (context.browser() ?? context).close();
    }
  } finally {
    await server.close();
  }
}

/** Serve the built app, drive Chromium through one run, and return the validated result. */
export function runHeadless(options: HeadlessOptions): Promise<RunResult> {
  const imagesDir = options.imagesDir ? checkImagesDir(options.imagesDir) : undefined;
  return withLabPage(options, async (page, server, store) => {
    // With `augment`, the page's outbox gets no token: the store must get the augmented record, not the page's.
    const token = options.augment ? undefined : server.token;
    const raw = await runInPage(page, server.url, {
      ...options,
      imagesDir,
      token,
      resume: Boolean(options.session?.port),
    });
    const result = options.augment ? await options.augment(raw) : raw;
    options.onStored?.(await storeRun(store, result));
    return result;
  });
}
