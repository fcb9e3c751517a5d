import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { studyDefinitionSchema } from '../src/core/study/study-definition';

/** The run choices a resumed attempt must repeat exactly (the page checks the inputs' hashes too). */
const choicesSchema = z.object({
  modelId: z.string(),
  imagesDir: z.string().optional(),
  configIds: z.array(z.string()).optional(),
  referenceConfigId: z.string().optional(),
  limit: z.number().int().optional(),
  warmupRuns: z.number().int().optional(),
  timedRuns: z.number().int().optional(),
  timeoutMs: z.number().int().optional(),
  variant: z.string().optional(),
  /** A study (`--study`): its runs' choices are the study's own (docs/studies.md). */
  study: studyDefinitionSchema.optional(),
});
export type CliRunChoices = z.infer<typeof choicesSchema>;

const savedSchema = z.object({
  startedAt: z.string(),
  /** The app's port: the page's checkpoints belong to that origin, so a resume must serve there again. */
  port: z.number().int().positive().nullable(),
  choices: choicesSchema,
});

/**
 * One CLI run that has not finished: a folder under the data dir holding Chromium's profile (the page
 * checkpoints into its IndexedDB as it goes) and what the run was started with. It goes when the run ends.
 */
export interface UnfinishedCliRun {
  id: string;
  dir: string;
  profileDir: string;
  startedAt: string;
  port: number | null;
  choices: CliRunChoices;
}

const runsDir = (dataDir: string) => join(dataDir, 'unfinished-cli-runs');

function fromSaved(dataDir: string, id: string, saved: z.infer<typeof savedSchema>): UnfinishedCliRun {
  const dir = join(runsDir(dataDir), id);
  return { id, dir, profileDir: join(dir, 'profile'), ...saved };
}

async function save(run: UnfinishedCliRun): Promise<void> {
  const { startedAt, port, choices } = run;
  await writeFile(join(run.dir, 'run.json'), JSON.stringify({ startedAt, port, choices }, null, 2));
}

export async function createCliRun(dataDir: string, choices: CliRunChoices): Promise<UnfinishedCliRun> {
  const id = randomUUID().slice(0, 8);
  const run = fromSaved(dataDir, id, { startedAt: new Date().toISOString(), port: null, choices });
  await mkdir(run.profileDir, { recursive: true });
  await save(run);
  return run;
}

/** Written as soon as the server listens: the page checkpoints under that origin from then on. */
export async function keepPort(run: UnfinishedCliRun, port: number): Promise<void> {
  run.port = port;
  await save(run);
}

async function read(dataDir: string, id: string): Promise<UnfinishedCliRun | null> {
  const file = join(runsDir(dataDir), id, 'run.json');
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text === null) return null;
  const parsed = savedSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${file}: not a CLI run record (${parsed.error.issues[0].message})`);
  return fromSaved(dataDir, id, parsed.data);
}

export async function listCliRuns(dataDir: string): Promise<UnfinishedCliRun[]> {
  const ids = await readdir(runsDir(dataDir)).catch(() => []);
  const runs = await Promise.all(ids.map((id) => read(dataDir, id)));
  return runs.filter((r) => r !== null).sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}

/** The run `--resume [id]` names: that one, or the only unfinished one; otherwise says which exist. */
export async function findCliRun(dataDir: string, id: string | undefined): Promise<UnfinishedCliRun> {
  const runs = await listCliRuns(dataDir);
  const listing = runs.map((r) => `${r.id} (started ${r.startedAt}, model ${r.choices.modelId})`).join(', ');
  const found = id === undefined ? (runs.length === 1 ? runs[0] : undefined) : runs.find((r) => r.id === id);
  if (found) return found;
  if (!runs.length) throw new Error(`--resume: no unfinished CLI run in ${runsDir(dataDir)}`);
  if (id === undefined) throw new Error(`--resume: ${runs.length} unfinished runs, name one: ${listing}`);
  throw new Error(`--resume ${id}: no such unfinished run; there are: ${listing}`);
}

export async function removeCliRun(run: UnfinishedCliRun): Promise<void> {
  await rm(run.dir, { recursive: true, force: true });
}
