import { defineConfig } from 'vitest/config';

// The classifier tests run ~5,000 images through the pure-JS tfjs backend.
export default defineConfig({ test: { testTimeout: 60_000 } });
