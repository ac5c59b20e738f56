import { libraryBuild } from '@latentlab/tsconfig/tsup.mjs';
import { defineConfig } from 'tsup';

export default defineConfig(
  libraryBuild({
    // The CJS build gets an import.meta.url shim: the loaders resolve the data packages from it.
    shims: true,
  }),
);
