import { defineConfig } from 'vitest/config';

export default defineConfig({
  // onnxruntime-web compiles its wasm on first use: seconds on a busy 2-core machine.
  test: { testTimeout: 60_000, hookTimeout: 60_000 },
});
