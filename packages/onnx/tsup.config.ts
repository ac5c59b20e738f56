import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/node.ts', 'src/web.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  // Shared chunks for CJS too: OnnxModelError & co. must be one class whether imported from '.', './node'
  // or './web', or `instanceof` fails across entry points.
  splitting: true,
  target: 'es2022',
});
