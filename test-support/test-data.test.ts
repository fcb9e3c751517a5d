import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { projectRoot } from '../server/project-paths';
import { requireData } from './test-data';

describe('requireData', () => {
  afterEach(() => vi.restoreAllMocks());
  const missing = join(projectRoot, 'no-such-data', 'model.json');

  it('is true when the data is there', () => {
    expect(requireData(join(projectRoot, 'package.json'), 'the manifest', {})).toBe(true);
  });

  it('skips with a message naming the data and the path when it is missing, outside CI', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(requireData(missing, 'the shared darknet model', { CI: 'false' })).toBe(false);
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining(`the shared darknet model: ${missing} is missing`),
    );
  });

  it('fails when CI=true', () => {
    expect(() => requireData(missing, 'the shared darknet model', { CI: 'true' })).toThrow(
      /the shared darknet model: .*no-such-data.* is missing \(CI=true/,
    );
  });
});
