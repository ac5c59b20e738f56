import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Tests must pass on a busy 2-core machine: no test relies on vitest's 5 s default.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // src/tfjs.ts imports tfjs-core's gradient and chained-op registrations, ES modules with extensionless
    // imports that Node cannot load: vite transforms them instead (tsup bundles them for dist). tfjs-core's
    // own entry (dist/tf-core.node.js) stays external, so the tests share one tfjs-core with the cpu backend.
    server: { deps: { inline: [/@tensorflow\/tfjs-core\/dist\/(?!tf-core\.)/] } },
  },
});
