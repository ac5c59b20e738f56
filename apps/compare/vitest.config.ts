import { defineConfig } from 'vitest/config';

// Browser tests build the app and drive a real Chromium on a busy 2-core machine: generous timeouts.
export default defineConfig({
  test: { include: ['src/**/*.test.ts', 'test/**/*.test.ts'], testTimeout: 240_000, hookTimeout: 300_000 },
});
