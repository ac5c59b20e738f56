import { libraryBuild } from '@latentlab/tsconfig/tsup.mjs';
import { defineConfig } from 'tsup';

export default defineConfig(
  libraryBuild({
    // dist/main.js is the command; bin/latentlab.js (the `latentlab` bin, committed so a fresh install can link
    // it before the build) imports it.
    entry: ['src/index.ts', 'src/main.ts'],
    dts: { entry: 'src/index.ts' }, // the bin has no types to publish
  }),
);
