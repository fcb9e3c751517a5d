import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Folder boundaries: no two parts of the project import each other, so each can be read, typed and
 * replaced on its own. A part is a top-level folder (`server`, `cli`, `e2e`, ...), each folder of `src/`
 * (they run in different contexts: core, app, lab, adapters, ...), or a root file (vite.config.ts).
 * Test files are leaves: a test may use any harness, so its imports do not count.
 */
const root = join(import.meta.dirname, '..');
const sourceFile = /\.(ts|js|mjs|svelte)$/;
const testFile = /\.(test|spec)\.ts$/;

/** Directions that are one-way by design, even before the other direction appears. */
const forbidden: [from: string, to: string][] = [
  ['server', 'cli'],
  ['vite.config.ts', 'cli'],
  ['src/core', 'src/app'],
  ['src/core', 'src/lab'],
  ['src/core', 'src/adapters'],
];

/** Relative module specifiers of static, side-effect, re-export and dynamic imports. */
export function importSpecifiers(source: string): string[] {
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]*)['"]/gm;
  return [...source.matchAll(pattern)].map((m) => m[1]);
}

/** The part of the project a path belongs to. */
export function partOf(path: string): string {
  const [first, second] = path.split('/');
  if (first === 'src' && second !== undefined && !second.includes('.')) return `src/${second}`;
  return first;
}

function projectFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
  });
  return listed
    .split('\n')
    .filter((f) => sourceFile.test(f) && !f.startsWith('public/') && !testFile.test(f));
}

/** Every import from one part into another, as `from -> to` with the files that make it. */
function crossPartImports(): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  for (const file of projectFiles()) {
    let source: string;
    try {
      source = readFileSync(join(root, file), 'utf8');
    } catch {
      continue; // listed by git but deleted in the working tree
    }
    for (const specifier of importSpecifiers(source)) {
      const target = normalize(join(dirname(file), specifier));
      const [from, to] = [partOf(file), partOf(target)];
      if (from === to || target.startsWith('..') || target.startsWith('node_modules/')) continue;
      const key = `${from} -> ${to}`;
      edges.set(key, [...(edges.get(key) ?? []), `${file} imports ${specifier}`]);
    }
  }
  return edges;
}

describe('import boundaries', () => {
  const edges = crossPartImports();

  it('no two parts of the project import each other', () => {
    const mutual = [...edges.keys()]
      .map((key) => key.split(' -> '))
      .filter(([from, to]) => from < to && edges.has(`${to} -> ${from}`))
      .map(([a, b]) => ({
        [`${a} -> ${b}`]: edges.get(`${a} -> ${b}`),
        [`${b} -> ${a}`]: edges.get(`${b} -> ${a}`),
      }));
    expect(mutual).toEqual([]);
  });

  it.each(forbidden)('%s imports nothing from %s', (from, to) => {
    expect(edges.get(`${from} -> ${to}`) ?? []).toEqual([]);
  });

  it('sees the project: the CLI imports the server', () => {
    expect(edges.get('cli -> server')?.length).toBeGreaterThan(0);
  });
});

describe('importSpecifiers', () => {
  it('finds static, type, side-effect, re-export and dynamic imports, relative ones only', () => {
    const source = [
      "import { a } from './a';",
      "import type { B } from '../b/b';",
      "import './side-effect';",
      "export { c } from './c';",
      "const d = await import('../d');",
      "import { build } from 'vite';",
      "import {\n  e,\n} from './e';",
    ].join('\n');
    expect(importSpecifiers(source)).toEqual(['./a', '../b/b', './side-effect', './c', '../d', './e']);
  });

  it('names the part: a top-level folder, a folder of src/, or a root file', () => {
    expect([partOf('server/db/db.ts'), partOf('src/core/tensor.ts'), partOf('vite.config.ts')]).toEqual([
      'server',
      'src/core',
      'vite.config.ts',
    ]);
  });
});
