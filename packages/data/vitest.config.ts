import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Loading the real data sets (MNIST 55 MB of IDX, Fashion-MNIST 155 MB of JSON) takes a few seconds on
    // an idle machine and several times that on a busy 2-core CI box.
    hookTimeout: 120_000,
    testTimeout: 60_000,
  },
});
