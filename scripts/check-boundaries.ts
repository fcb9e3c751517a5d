// Fails when two top-level folders import each other: a folder is a unit of the design, and a
// two-way dependency between units means neither can be understood, tested or moved alone.
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
  folders: [string, string];
  /** One file in folders[0] importing folders[1], and one the other way. */
  files: [string, string];
}

/** Folders that only group other folders: their children are the units (`src/app`, `src/core`…). */
const containerFolders = new Set(['src']);
const sourceFile = /\.(ts|js|mjs|cjs|svelte)$/;
const svelteScript = /<script\b[^>]*>([\s\S]*?)<\/script>/g;
// Vite bundles `new URL('./x.ts', import.meta.url)` (how workers are started), so it is a dependency too.
const assetUrl = /new\s+URL\(\s*(['"`])([^'"`]+)\1\s*,\s*import\.meta\.url\s*\)/g;

/** The unit a repository path belongs to, or undefined for files at the root. */
export function folderOf(path: string): string | undefined {
  const parts = path.split('/');
  if (parts.length < 2) return undefined;
  if (containerFolders.has(parts[0])) return parts.length > 2 ? `${parts[0]}/${parts[1]}` : undefined;
  return parts[0];
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

/** folder → imported folder → the first file (in path order) that makes the import. */
export function folderGraph(files: readonly SourceFile[]): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    const from = folderOf(file.path);
    if (from === undefined) continue;
    for (const specifier of specifiersOf(file)) {
      const target = resolveSpecifier(file.path, specifier);
      const to = target === undefined ? undefined : folderOf(target);
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
      if (fileBA !== undefined && a < b) found.push({ folders: [a, b], files: [fileAB, fileBA] });
    }
  }
  return found.sort((x, y) => x.folders.join().localeCompare(y.folders.join()));
}

export function describeMutualImport({ folders: [a, b], files: [fileAB, fileBA] }: MutualImport): string {
  return `${a} and ${b} import each other: ${fileAB} imports ${b}, ${fileBA} imports ${a}`;
}

function trackedSources(root: string): SourceFile[] {
  const paths = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
    .split('\0')
    .filter((p) => sourceFile.test(p));
  return paths.map((path) => ({ path, text: readFileSync(join(root, path), 'utf8') }));
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = join(dirname(new URL(import.meta.url).pathname), '..');
  const violations = mutualImports(folderGraph(trackedSources(root)));
  for (const v of violations) console.error(describeMutualImport(v));
  if (violations.length > 0) process.exit(1);
  console.log('check-boundaries: no two top-level folders import each other');
}
