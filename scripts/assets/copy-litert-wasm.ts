import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Copies LiteRT.js's four wasm builds (plain, threaded, JSPI, compat) into `toDir`. Its Emscripten glue
 * is a classic script that LiteRT loads with importScripts, which module workers (ours) refuse; so each
 * glue also gets an ES-module copy (`.mjs`, the same text plus an export) that the adapter imports. The
 * threaded classic script stays: its pthread workers are classic workers started from it.
 */
export async function copyLiteRtWasm(fromDir: string, toDir: string): Promise<string[]> {
  await mkdir(toDir, { recursive: true });
  const names = (await readdir(fromDir)).filter((name) => /^litert_wasm_\w+\.(wasm|js)$/.test(name));
  const written: string[] = [];
  for (const name of names) {
    if (name.endsWith('.wasm') || name.includes('_threaded_')) {
      await copyFile(join(fromDir, name), join(toDir, name));
      written.push(name);
    }
    if (name.endsWith('.js')) {
      const glue = await readFile(join(fromDir, name), 'utf8');
      if (!glue.includes('var ModuleFactory ='))
        throw new Error(`${name}: no ModuleFactory, LiteRT's glue changed`);
      const moduleName = name.replace(/\.js$/, '.mjs');
      // Its UMD tail would assign to a CommonJS `module` where a loader provides one (Vitest does): a
      // module-scoped undefined keeps it on the ES export.
      const shadow = 'var module = undefined, exports = undefined, define = undefined;\n';
      await writeFile(join(toDir, moduleName), `${shadow}${glue}\nexport default ModuleFactory;\n`);
      written.push(moduleName);
    }
  }
  if (written.length !== 9)
    throw new Error(`LiteRT.js: expected 4 wasm builds in ${fromDir}, found ${names.join(', ')}`);
  return written;
}
