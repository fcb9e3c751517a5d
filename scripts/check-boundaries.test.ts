import { describe, expect, it } from 'vitest';
import {
  describeForbiddenImport,
  describeMutualImport,
  forbiddenImports,
  mutualImports,
  resolveSpecifier,
  specifiersOf,
  unitGraph,
  unitOf,
} from './check-boundaries.ts';

describe('unitOf', () => {
  it('takes the first folder, the second under src/, or the file itself when loose', () => {
    expect(unitOf('cli/lab.ts')).toBe('cli');
    expect(unitOf('server/db/pglite.ts')).toBe('server');
    expect(unitOf('src/core/metrics/kl.ts')).toBe('src/core');
    expect(unitOf('src/lab')).toBe('src/lab');
    expect(unitOf('vite.config.ts')).toBe('vite.config.ts');
    expect(unitOf('src/loose.ts')).toBe('src/loose.ts');
  });
});

describe('specifiersOf', () => {
  it('finds imports, type imports, re-exports, dynamic imports and worker URLs', () => {
    const text = [
      "import { a } from '../core/a.ts';",
      "import type { B } from '../core/b.ts';",
      "export * from './c.ts';",
      "const d = await import('../lab/d.ts');",
      "new Worker(new URL('../../workers/w.ts', import.meta.url), { type: 'module' });",
      "import ts from 'typescript';",
    ].join('\n');
    expect(specifiersOf({ path: 'src/app/x.ts', text }).sort()).toEqual(
      ['../../workers/w.ts', '../core/a.ts', '../core/b.ts', '../lab/d.ts', './c.ts', 'typescript'].sort(),
    );
  });

  it('reads only the script blocks of a Svelte component', () => {
    const text = [
      '<script lang="ts">',
      "  import Child from './Child.svelte';",
      "  import { run } from '../../lab/run.ts';",
      '</script>',
      "<p>To import a run from '../../server/x.ts', use the History page.</p>",
    ].join('\n');
    expect(specifiersOf({ path: 'src/app/A.svelte', text })).toEqual(['./Child.svelte', '../../lab/run.ts']);
  });
});

describe('resolveSpecifier', () => {
  it('resolves relative paths against the importing file and drops Vite queries', () => {
    expect(resolveSpecifier('src/lab/a.ts', '../../workers/w.ts?worker')).toBe('workers/w.ts');
    expect(resolveSpecifier('src/lab/a.ts', './b.ts')).toBe('src/lab/b.ts');
  });

  it('ignores packages, paths outside the repository and the repository root itself', () => {
    expect(resolveSpecifier('src/lab/a.ts', 'zod')).toBeUndefined();
    expect(resolveSpecifier('cli/a.ts', '../../shared/x.ts')).toBeUndefined();
    expect(resolveSpecifier('src/core/a.test.ts', '../../')).toBeUndefined();
  });

  it('resolves a folder URL to the folder', () => {
    expect(resolveSpecifier('src/core/a.test.ts', '../lab/')).toBe('src/lab');
  });
});

describe('mutualImports', () => {
  it('names both folders and one importing file each way', () => {
    const files = [
      { path: 'server/main.ts', text: "import { serve } from '../cli/app-server.ts';" },
      { path: 'server/api.ts', text: "import { serve } from '../cli/app-server.ts';" },
      { path: 'cli/app-server.ts', text: "import type { Db } from '../server/db.ts';" },
    ];
    const found = mutualImports(unitGraph(files));
    expect(found).toEqual([{ units: ['cli', 'server'], files: ['cli/app-server.ts', 'server/api.ts'] }]);
    expect(describeMutualImport(found[0])).toBe(
      'cli and server import each other: cli/app-server.ts imports server, server/api.ts imports cli',
    );
  });

  it('accepts one-way imports and imports inside a folder', () => {
    const files = [
      { path: 'src/app/a.ts', text: "import '../lab/b.ts'; import './c.ts';" },
      { path: 'src/lab/b.ts', text: "import '../core/d.ts';" },
      { path: 'vite.config.ts', text: "import './src/lab/b.ts';" },
      { path: 'src/core/d.ts', text: "import './f.ts';" },
    ];
    expect(mutualImports(unitGraph(files))).toEqual([]);
  });

  it('treats a root file as a unit of its own', () => {
    const files = [
      { path: 'src/lab/e.ts', text: "import '../../vite.config.ts';" },
      { path: 'vite.config.ts', text: "import './src/lab/b.ts';" },
    ];
    expect(mutualImports(unitGraph(files)).map((m) => m.units)).toEqual([['src/lab', 'vite.config.ts']]);
  });

  it('does not count the imports of test files', () => {
    const files = [
      { path: 'server/api.test.ts', text: "import '../cli/harness.ts';" },
      { path: 'e2e/app.spec.ts', text: "import '../server/main.ts';" },
      { path: 'server/main.ts', text: "import '../e2e/fixtures.ts';" },
      { path: 'cli/lab.ts', text: "import '../server/main.ts';" },
    ];
    expect(mutualImports(unitGraph(files))).toEqual([]);
    expect(forbiddenImports(unitGraph(files))).toEqual([]);
  });

  it('treats sibling folders under src/ as separate units', () => {
    const files = [
      { path: 'src/lab/run.ts', text: "import { Worker } from '../../workers/runtime-worker.ts';" },
      { path: 'workers/runtime-worker.ts', text: "import { run } from '../src/lab/run.ts';" },
      { path: 'workers/other.ts', text: "import { x } from '../src/core/x.ts';" },
    ];
    expect(mutualImports(unitGraph(files)).map((m) => m.units)).toEqual([['src/lab', 'workers']]);
  });
});

describe('forbiddenImports', () => {
  it('reports a one-way rule broken even when the other direction is absent', () => {
    const files = [
      { path: 'server/main.ts', text: "import { lab } from '../cli/lab.ts';" },
      { path: 'vite.config.ts', text: "import './cli/app-server.ts';" },
      { path: 'src/core/a.ts', text: "import type { View } from '../app/view.ts';" },
      { path: 'src/core/b.ts', text: "new Worker(new URL('../adapters/w.ts', import.meta.url));" },
      { path: 'src/app/c.ts', text: "import '../core/a.ts';" },
    ];
    const found = forbiddenImports(unitGraph(files));
    expect(found.map(describeForbiddenImport)).toEqual([
      'server must not import cli: server/main.ts does',
      'vite.config.ts must not import cli: vite.config.ts does',
      'src/core must not import src/app: src/core/a.ts does',
      'src/core must not import src/adapters: src/core/b.ts does',
    ]);
  });

  it('accepts the allowed direction', () => {
    const files = [{ path: 'cli/lab.ts', text: "import '../server/main.ts';" }];
    expect(forbiddenImports(unitGraph(files))).toEqual([]);
  });
});
