// The build every latentlab package shares: ESM + CJS with type declarations and source maps, ES2022.
// A package's tsup.config.ts passes only what differs (more entries, shims, splitting).
export function libraryBuild(overrides = {}) {
  return {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    ...overrides,
  };
}
