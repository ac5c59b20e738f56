import { defineConfig } from 'vitest/config';

// Tests must pass on a busy 2-core machine: no test relies on vitest's 5 s default.
export default defineConfig({ test: { testTimeout: 60_000, hookTimeout: 60_000 } });
