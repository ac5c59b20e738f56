import { defineConfig } from 'tsup';

export default defineConfig({
  // main.ts starts with a `#!/usr/bin/env node` line, which esbuild keeps: dist/main.js is the `latentlab` bin.
  entry: ['src/index.ts', 'src/main.ts'],
  format: ['esm', 'cjs'],
  dts: { entry: 'src/index.ts' },
  sourcemap: true,
  clean: true,
  target: 'es2022',
});
