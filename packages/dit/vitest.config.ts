import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Tests must pass on a busy 2-core machine: no test relies on vitest's 5 s default.
  test: { setupFiles: ['src/test-support/setup.ts'], testTimeout: 60_000, hookTimeout: 60_000 },
});
