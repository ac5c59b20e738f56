import { defineConfig } from 'vitest/config';

/** Test files that need a module graph of their own (they load the addon from another path, or anew). */
const ISOLATED = ['src/fallback.test.ts', 'src/micro-kernel-override.test.ts'];

export default defineConfig({
  test: {
    // Tests must pass on a busy 2-core machine: no test relies on vitest's 5 s default.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // src/tfjs.ts imports tfjs-core's gradient and chained-op registrations, ES modules with extensionless
    // imports that Node cannot load: vite transforms them instead (tsup bundles them for dist). tfjs-core's
    // own entry (dist/tf-core.node.js) stays external, so the tests share one tfjs-core with the cpu backend.
    server: { deps: { inline: [/@tensorflow\/tfjs-core\/dist\/(?!tf-core\.)/] } },
    projects: [
      { extends: true, test: { name: 'isolated', include: ISOLATED } },
      // The rest share their workers' module graph: transforming and importing tfjs-core's ~600 modules
      // anew for each of ~25 files took 24 s of a 55 s run (52 s in CI). Tests that pick a micro-kernel
      // put 'auto' back.
      {
        extends: true,
        test: { name: 'shared', include: ['src/**/*.test.ts'], exclude: ISOLATED, isolate: false },
      },
    ],
  },
});
