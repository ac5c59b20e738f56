import { libraryBuild } from '@latentlab/tsconfig/tsup.mjs';
import { defineConfig } from 'tsup';

export default defineConfig(
  libraryBuild({
    // import.meta.url in the CommonJS build (the addon is found relative to this file).
    shims: true,
  }),
);
