import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = '@latentlab/metrics';

/**
 * The installed folder of this package (where `weights/` lies), found by walking up from this module:
 * `src/` in the repository, `dist/` when installed. Works in the ESM and the CJS build (tsup shims
 * `import.meta.url` in CJS).
 */
export function metricsPackageDirectory(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(directory, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === PACKAGE_NAME)
      return directory;
    const parent = dirname(directory);
    if (parent === directory)
      throw new Error(
        `${PACKAGE_NAME}: cannot find its package.json above ${fileURLToPath(import.meta.url)}`,
      );
    directory = parent;
  }
}
