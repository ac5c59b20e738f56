// prebuilds/linux-arm64/latentlab_native.node (cross-compiled by scripts/prebuild-linux-arm64.cjs) loads in an
// arm64 Node — Debian's nodejs 18 unpacked by scripts/arm64-node.cjs, run under qemu-user — and its kernels
// match float64 references with the neon and the scalar micro-kernel (native-tests/addon-check.cjs). Skipped,
// naming what to set up, where qemu or that node is missing — unless LATENTLAB_REQUIRE_QEMU=1 (CI): then it fails.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ADDON_PATH, PREBUILT_ADDON_PATH } from './native-addon.js';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { arm64NodeCommand, missingArm64Node } = require('../scripts/arm64-node.cjs') as {
  arm64NodeCommand(): [string, string[]];
  missingArm64Node(): string | null;
};
const { allOpTestFiles, bundleOpTests, opTestFiles, runOpTests } =
  require('../scripts/arm64-op-tests.cjs') as {
    opTestFiles(): string[];
    allOpTestFiles(): string[];
    bundleOpTests(): Promise<{ bundle: string; files: string[] }>;
    runOpTests(
      bundle: string,
      command: string,
      args: string[],
    ): { status: number | null; report: OpTestReport | null; stderr: string };
  };

interface OpTestReport {
  arch: string;
  files: string[];
  passed: string[];
  failed: { name: string; error: string }[];
  skipped: string[];
}

const ARM64_PREBUILT = join(packageRoot, 'prebuilds', 'linux-arm64', 'latentlab_native.node');
const CHECK_SCRIPT = join(packageRoot, 'native-tests', 'addon-check.cjs');
const requireQemu = process.env['LATENTLAB_REQUIRE_QEMU'] === '1';

interface AddonCheckReport {
  info: { microKernel: string; supportedMicroKernels: string; threads: number };
  arch: string;
  node: string;
  checks: { name: string; error: number; ok: boolean }[];
}

function runAddonCheck(command: string, args: string[], addonPath: string): AddonCheckReport {
  const run = spawnSync(command, [...args, CHECK_SCRIPT, addonPath], { encoding: 'utf8', timeout: 120_000 });
  const lastLine = run.stdout.trim().split('\n').at(-1) ?? '';
  expect(lastLine.startsWith('{'), `${run.stderr}\n${run.error?.message ?? ''}`).toBe(true);
  const report = JSON.parse(lastLine) as AddonCheckReport;
  expect(report.checks.filter((check) => !check.ok)).toEqual([]);
  expect(run.status).toBe(0);
  return report;
}

describe('the prebuilt linux-arm64 addon', () => {
  const missing = missingArm64Node();
  const skip = missing !== null && !requireQemu;
  it.skipIf(skip)(
    `loads in an arm64 node under qemu-user and computes with neon and scalar${skip ? ` (skipped: ${missing})` : ''}`,
    () => {
      expect(missing, 'LATENTLAB_REQUIRE_QEMU=1 needs qemu-user and the arm64 node').toBeNull();
      const [command, args] = arm64NodeCommand();
      const report = runAddonCheck(command, args, ARM64_PREBUILT);
      expect(report.arch).toBe('arm64');
      expect(report.info.microKernel).toBe('neon');
      expect(report.info.supportedMicroKernels).toBe('neon,scalar');
      const names = report.checks.map((check) => check.name);
      expect(names).toContain('neon batchMatMul Aᵀ·Bᵀ');
      expect(names).toContain('scalar batchMatMul A·B');
    },
    180_000,
  );

  it.skipIf(skip)(
    `passes the tfjs-level tests of the GEMM-path kernels (native backend vs cpu backend, ops and gradients) with neon under qemu${skip ? ` (skipped: ${missing})` : ''}`,
    async () => {
      expect(missing, 'LATENTLAB_REQUIRE_QEMU=1 needs qemu-user and the arm64 node').toBeNull();
      // The test files vitest runs here for matmul, batched and fused matmul, convolutions and gradients —
      // the kernels on the NEON micro-kernel — bundled with a small stand-in for vitest's API (vitest needs
      // Node 20, Debian's arm64 node is 18). ~30 s under qemu on the 2-core reference machine; every file
      // (`node scripts/arm64-op-tests.cjs --all`) ~90 s.
      const { bundle, files } = await bundleOpTests();
      const [command, args] = arm64NodeCommand();
      const { status, report, stderr } = runOpTests(bundle, command, args);
      expect(report, stderr).not.toBeNull();
      expect(report!.arch).toBe('arm64');
      expect(report!.failed).toEqual([]);
      expect(report!.skipped).toEqual([]);
      expect(status).toBe(0);
      expect(files).toEqual(opTestFiles());
      for (const file of files) expect(allOpTestFiles()).toContain(file); // no stale name
      // Every test of those files ran (the shim registers each it / it.each row).
      expect(report!.passed.length).toBeGreaterThanOrEqual(30);
      expect(report!.passed).toContain(
        'native BatchMatMul > loads the addon and replaces the matmul kernels',
      );
    },
    600_000,
  );

  // The same script on this machine's own addon keeps it honest where qemu is absent.
  const hostAddon = [DEFAULT_ADDON_PATH, PREBUILT_ADDON_PATH].find((path) => existsSync(path));
  it.skipIf(!hostAddon)("native-tests/addon-check.cjs passes on this machine's own addon too", () => {
    const report = runAddonCheck(process.execPath, [], hostAddon!);
    expect(report.info.supportedMicroKernels.split(',').at(-1)).toBe('scalar');
  });
});
