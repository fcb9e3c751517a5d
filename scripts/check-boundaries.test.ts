import { describe, expect, it } from 'vitest';
import {
  describeMutualImport,
  folderGraph,
  folderOf,
  mutualImports,
  resolveSpecifier,
  specifiersOf,
} from './check-boundaries.ts';

describe('folderOf', () => {
  it('takes the first folder, and the second under src/', () => {
    expect(folderOf('cli/lab.ts')).toBe('cli');
    expect(folderOf('server/db/pglite.ts')).toBe('server');
    expect(folderOf('src/core/metrics/kl.ts')).toBe('src/core');
    expect(folderOf('vite.config.ts')).toBeUndefined();
    expect(folderOf('src/loose.ts')).toBeUndefined();
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
    const found = mutualImports(folderGraph(files));
    expect(found).toEqual([{ folders: ['cli', 'server'], files: ['cli/app-server.ts', 'server/api.ts'] }]);
    expect(describeMutualImport(found[0])).toBe(
      'cli and server import each other: cli/app-server.ts imports server, server/api.ts imports cli',
    );
  });

  it('accepts one-way imports, imports inside a folder, and root files', () => {
    const files = [
      { path: 'src/app/a.ts', text: "import '../lab/b.ts'; import './c.ts';" },
      { path: 'src/lab/b.ts', text: "import '../core/d.ts';" },
      { path: 'src/lab/e.ts', text: "import '../../vite.config.ts';" },
      { path: 'vite.config.ts', text: "import './src/lab/b.ts';" },
      { path: 'src/core/d.ts', text: "import './f.ts';" },
    ];
    expect(mutualImports(folderGraph(files))).toEqual([]);
  });

  it('treats sibling folders under src/ as separate units', () => {
    const files = [
      { path: 'src/lab/run.ts', text: "import { Worker } from '../../workers/runtime-worker.ts';" },
      { path: 'workers/runtime-worker.ts', text: "import { run } from '../src/lab/run.ts';" },
      { path: 'workers/other.ts', text: "import { x } from '../src/core/x.ts';" },
    ];
    expect(mutualImports(folderGraph(files)).map((m) => m.folders)).toEqual([['src/lab', 'workers']]);
  });
});
