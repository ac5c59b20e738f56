// The kernel sources of native/ compiled into a plain test program (native-tests/kernel_test.cc, built by
// scripts/kernel-test.cjs) and checked against float64 references for every micro-kernel the CPU has: here,
// and for linux-arm64 under qemu-user (neon and scalar). Where the cross compiler or qemu is missing the arm64
// test is skipped, and the skip names what to install — unless LATENTLAB_REQUIRE_QEMU=1 (CI), then it fails.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const { missingTools, buildKernelTest, runKernelTest } = require('../scripts/kernel-test.cjs') as {
  missingTools(target: string): string | null;
  buildKernelTest(target: string, options?: { jobs?: number }): Promise<string>;
  runKernelTest(target: string, binary: string): { status: number | null; output: string };
};

// Cold, the two builds compile ~25 files each with two jobs (~15–30 s each on 2 idle cores); later runs reuse
// the objects. The arm64 run under qemu takes ~7 s.
const TIMEOUT_MS = 300_000;
const requireQemu = process.env['LATENTLAB_REQUIRE_QEMU'] === '1';

/** The failing lines of the program's report, or its whole output when it has none (a crash). */
function failures(output: string): string {
  const failed = output.split('\n').filter((line) => line.startsWith('FAIL'));
  return failed.length > 0 ? failed.join('\n') : output;
}

async function buildAndRun(target: string): Promise<string> {
  const binary = await buildKernelTest(target, { jobs: 2 });
  const { status, output } = runKernelTest(target, binary);
  expect(status, failures(output)).toBe(0);
  expect(output).toMatch(/^PASS: 0 check\(s\) failed$/m);
  return output;
}

describe('native kernels against float64 references', () => {
  const hostMissing = process.platform === 'win32' ? 'not on Windows' : missingTools('host');
  it.skipIf(hostMissing)(
    `on this CPU, with every micro-kernel it supports${hostMissing ? ` (skipped: ${hostMissing})` : ''}`,
    async () => {
      const output = await buildAndRun('host');
      if (process.arch === 'x64') expect(output).toMatch(/^micro-kernels: (avx512,)?(avx2,)?scalar /m);
    },
    TIMEOUT_MS,
  );

  const arm64Missing = missingTools('linux-arm64');
  const skipArm64 = arm64Missing !== null && !requireQemu;
  it.skipIf(skipArm64)(
    `on linux-arm64 under qemu-user, neon and scalar${skipArm64 ? ` (skipped: ${arm64Missing})` : ''}`,
    async () => {
      expect(arm64Missing, 'LATENTLAB_REQUIRE_QEMU=1 needs the cross compiler and qemu').toBeNull();
      const output = await buildAndRun('linux-arm64');
      expect(output).toMatch(/^micro-kernels: neon,scalar \(auto: neon\)$/m);
      expect(output).toMatch(/^ok {3}an arm64 CPU uses the neon micro-kernel$/m);
      expect(output).toMatch(/^ok {3}neon sgemm Aᵀ·Bᵀ, threads, /m);
    },
    TIMEOUT_MS,
  );
});
