// Fails when two units of the project import each other, or when an import goes against a direction that
// is one-way by design: a two-way dependency between units means neither can be understood, tested or
// moved alone.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path/posix';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

export interface SourceFile {
  path: string;
  text: string;
}

export interface MutualImport {
  units: [string, string];
  /** One file in units[0] importing units[1], and one the other way. */
  files: [string, string];
}

export interface ForbiddenImport {
  from: string;
  to: string;
  file: string;
}

/** Directions that are one-way by design, even before the other direction appears. */
export const forbiddenDirections: readonly (readonly [from: string, to: string])[] = [
  ['server', 'cli'],
  ['vite.config.ts', 'cli'],
  ['src/core', 'src/app'],
  ['src/core', 'src/lab'],
  ['src/core', 'src/adapters'],
];

/** Folders that only group other folders: their children are the units (`src/app`, `src/core`…). */
const containerFolders = new Set(['src']);
const sourceFile = /\.(ts|js|mjs|cjs|svelte)$/;
// A test may use any harness, so its imports do not tie units together.
const testFile = /\.(test|spec)\.ts$/;
const svelteScript = /<script\b[^>]*>([\s\S]*?)<\/script>/g;
// Vite bundles `new URL('./x.ts', import.meta.url)` (how workers are started), so it is a dependency too.
const assetUrl = /new\s+URL\(\s*(['"`])([^'"`]+)\1\s*,\s*import\.meta\.url\s*\)/g;

/** The unit a repository path belongs to: a top-level folder, a folder of `src/`, or a loose file. */
export function unitOf(path: string): string {
  const [first, second] = path.split('/');
  if (second === undefined) return path;
  return containerFolders.has(first) ? `${first}/${second}` : first;
}

/** Every module specifier a file refers to: imports, re-exports, dynamic imports, worker URLs. */
export function specifiersOf(file: SourceFile): string[] {
  const code = file.path.endsWith('.svelte')
    ? [...file.text.matchAll(svelteScript)].map((m) => m[1]).join('\n')
    : file.text;
  const imported = ts.preProcessFile(code, true, true).importedFiles.map((f) => f.fileName);
  const urls = [...code.matchAll(assetUrl)].map((m) => m[2]);
  return [...imported, ...urls];
}

/** The repository path a relative specifier points at (query such as `?worker` dropped), else undefined. */
export function resolveSpecifier(fromPath: string, specifier: string): string | undefined {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return undefined;
  const resolved = normalize(join(dirname(fromPath), specifier.split('?')[0])).replace(/\/$/, '');
  return resolved === '.' || resolved === '..' || resolved.startsWith('../') ? undefined : resolved;
}

/** unit → imported unit → the first file (in path order) that makes the import; test files left out. */
export function unitGraph(files: readonly SourceFile[]): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    if (testFile.test(file.path)) continue;
    const from = unitOf(file.path);
    for (const specifier of specifiersOf(file)) {
      const target = resolveSpecifier(file.path, specifier);
      const to = target === undefined ? undefined : unitOf(target);
      if (to === undefined || to === from) continue;
      const edges = graph.get(from) ?? new Map<string, string>();
      if (!edges.has(to)) edges.set(to, file.path);
      graph.set(from, edges);
    }
  }
  return graph;
}

export function mutualImports(graph: Map<string, Map<string, string>>): MutualImport[] {
  const found: MutualImport[] = [];
  for (const [a, edges] of graph) {
    for (const [b, fileAB] of edges) {
      const fileBA = graph.get(b)?.get(a);
      if (fileBA !== undefined && a < b) found.push({ units: [a, b], files: [fileAB, fileBA] });
    }
  }
  return found.sort((x, y) => x.units.join().localeCompare(y.units.join()));
}

export function forbiddenImports(
  graph: Map<string, Map<string, string>>,
  directions: readonly (readonly [string, string])[] = forbiddenDirections,
): ForbiddenImport[] {
  return directions.flatMap(([from, to]) => {
    const file = graph.get(from)?.get(to);
    return file === undefined ? [] : [{ from, to, file }];
  });
}

export function describeMutualImport({ units: [a, b], files: [fileAB, fileBA] }: MutualImport): string {
  return `${a} and ${b} import each other: ${fileAB} imports ${b}, ${fileBA} imports ${a}`;
}

export function describeForbiddenImport({ from, to, file }: ForbiddenImport): string {
  return `${from} must not import ${to}: ${file} does`;
}

/** Tracked and not-ignored untracked sources, so a new file is checked before its first commit. */
function projectSources(root: string): SourceFile[] {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
  });
  const paths = [...new Set(listed.split('\0'))].filter((p) => sourceFile.test(p));
  return paths.flatMap((path) => {
    try {
      return [{ path, text: readFileSync(join(root, path), 'utf8') }];
    } catch {
      return []; // listed by git but deleted in the working tree
    }
  });
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = join(dirname(new URL(import.meta.url).pathname), '..');
  const graph = unitGraph(projectSources(root));
  // An empty graph would pass every rule: make sure the check sees the project.
  if (graph.get('cli')?.has('server') !== true) {
    console.error('check-boundaries: found no import from cli into server; is the file list empty?');
    process.exit(1);
  }
  const problems = [
    ...mutualImports(graph).map(describeMutualImport),
    ...forbiddenImports(graph).map(describeForbiddenImport),
  ];
  for (const p of problems) console.error(p);
  if (problems.length > 0) process.exit(1);
  console.log('check-boundaries: no two units import each other and no one-way rule is broken');
}
