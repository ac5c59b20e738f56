import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Installing every tarball (with ~210 MB of data packages) and removing the project afterwards takes
  // tens of seconds on a busy 2-core machine.
  test: { hookTimeout: 300_000, testTimeout: 120_000 },
});
