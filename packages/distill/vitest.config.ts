import { defineConfig } from 'vitest/config';

// Distillation tests train small students: generous limits on a busy 2-core machine.
export default defineConfig({
  test: { setupFiles: ['src/test-support/setup.ts'], testTimeout: 120_000, hookTimeout: 60_000 },
});
