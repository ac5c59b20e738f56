import { libraryBuild } from '@latentlab/tsconfig/tsup.mjs';
import { defineConfig } from 'tsup';

export default defineConfig(
  libraryBuild({
    // main.ts starts with a `#!/usr/bin/env node` line, which esbuild keeps: dist/main.js is the `latentlab` bin.
    entry: ['src/index.ts', 'src/main.ts'],
    dts: { entry: 'src/index.ts' }, // the bin has no types to publish
  }),
);
