import { loadZoo } from './resolve-model';

/** The model manifests under models/, bundled into the app at build time. */
export const zoo = loadZoo(import.meta.glob('/models/*.json', { eager: true, import: 'default' }));
