import { defineConfig } from 'vitest/config';

// The machine may be busy (2 shared cores): training tests get generous limits of their own.
export default defineConfig({ test: { testTimeout: 60_000, hookTimeout: 60_000 } });
