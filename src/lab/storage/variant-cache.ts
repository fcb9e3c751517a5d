import Dexie, { type EntityTable } from 'dexie';
import type { OnnxVariant } from '../../variants/make-variant';

/** A generated variant, by the original it was made from and its canonical spec. */
interface CachedVariant {
  key: string;
  savedAt: string;
  variant: OnnxVariant;
}

/**
 * Variants kept on the device by (original sha256, canonical spec), indexed by their own sha256, so a rerun
 * or a study reuses the bytes instead of generating them again. Its own database: the run stores' schema
 * versions stay theirs.
 */
export class VariantCacheDb extends Dexie {
  variants!: EntityTable<CachedVariant, 'key'>;

  constructor(name = 'crosscheck-variants') {
    super(name);
    this.version(1).stores({ variants: 'key, variant.sha256, savedAt' });
  }

  /** The cached variant, or the one `make` generates (then kept); a cache that cannot be written is skipped. */
  async getOrMake(
    originalSha256: string,
    spec: string,
    make: () => Promise<OnnxVariant>,
  ): Promise<OnnxVariant> {
    const key = `${originalSha256}:${spec}`;
    const found = await this.variants.get(key).catch(() => undefined);
    if (found) return found.variant;
    const made = await make();
    await this.variants.put({ key, savedAt: new Date().toISOString(), variant: made }).catch(() => {});
    return made;
  }
}

let cache: VariantCacheDb | null = null;
export function variantCache(): VariantCacheDb {
  return (cache ??= new VariantCacheDb());
}
