import { libraryBuild } from '@latentlab/tsconfig/tsup.mjs';
import { defineConfig } from 'tsup';

export default defineConfig(
  libraryBuild({
    entry: ['src/index.ts', 'src/node.ts', 'src/web.ts'],
    // Shared chunks for CJS too: OnnxModelError & co. must be one class whether imported from '.', './node'
    // or './web', or `instanceof` fails across entry points.
    splitting: true,
  }),
);
