// The build every latentlab package shares: ESM + CJS with type declarations and source maps, ES2022.
// The maps point at the TypeScript files (src/ is not published) without embedding them (sourcesContent):
// stack traces name the .ts line, and the tarballs do not carry every source a second time.
// A package's tsup.config.ts passes only what differs (more entries, shims, splitting).
export function libraryBuild(overrides = {}) {
  return {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    esbuildOptions(options) {
      options.sourcesContent = false;
    },
    clean: true,
    target: 'es2022',
    ...overrides,
  };
}
