import { join } from 'node:path';

/** The project's root folder, and the folder `vite build` writes the app to. */
export const projectRoot = join(import.meta.dirname, '..');
export const distDir = join(projectRoot, 'dist');
