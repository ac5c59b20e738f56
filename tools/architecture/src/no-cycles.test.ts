// No import cycles anywhere in the repository: dependency-cruiser (with .dependency-cruiser.cjs beside
// package.json) over every package, the app and the tools — and the same check shown to catch a cycle that
// is planted on purpose, so a silently broken configuration (nothing resolved, nothing scanned) cannot pass.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const repositoryRoot = join(packageRoot, '..', '..');
const CONFIG = join(packageRoot, '.dependency-cruiser.cjs');
const DEPCRUISE = join(packageRoot, 'node_modules', '.bin', 'depcruise');

interface CruiseResult {
  modules: { source: string }[];
  summary: {
    violations: { rule: { name: string }; from: string; to: string; cycle?: { name: string }[] }[];
    totalCruised: number;
    totalDependenciesCruised: number;
  };
}

/** Runs depcruise with the project's rules over `paths` (relative to `cwd`) and returns its JSON result. */
function cruise(cwd: string, paths: string[]): CruiseResult {
  const run = spawnSync(DEPCRUISE, ['--config', CONFIG, '--output-type', 'json', ...paths], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  // depcruise exits with the number of errors; the JSON is on stdout either way.
  expect(run.stdout.startsWith('{'), run.stderr).toBe(true);
  return JSON.parse(run.stdout) as CruiseResult;
}

const cycles = (result: CruiseResult) =>
  result.summary.violations
    .filter((violation) => violation.rule.name === 'no-circular')
    .map((violation) => [violation.from, ...(violation.cycle ?? []).map((step) => step.name)].join(' → '));

describe('import cycles', () => {
  it('there are none in packages/, apps/ and tools/ (type-only imports included)', () => {
    const result = cruise(repositoryRoot, ['packages', 'apps', 'tools']);
    expect(cycles(result)).toEqual([]);
    // It really looked: hundreds of modules, the CLI's among them, with their imports resolved.
    expect(result.summary.totalCruised).toBeGreaterThan(500);
    expect(result.summary.totalDependenciesCruised).toBeGreaterThan(1500);
    const sources = result.modules.map((module) => module.source);
    expect(sources).toContain('packages/cli/src/run-cli.ts');
    expect(sources).toContain('apps/compare/src/main.ts');
    expect(sources.some((source) => /(^|\/)(node_modules|dist)\//.test(source))).toBe(false);
  });

  const planted = mkdtempSync(join(tmpdir(), 'latentlab-cycle-'));
  afterAll(() => rmSync(planted, { recursive: true, force: true }));

  it('are found when planted: a.ts → b.ts → (type) a.ts, through the .js specifiers TypeScript uses', () => {
    mkdirSync(join(planted, 'src'));
    writeFileSync(join(planted, 'src', 'a.ts'), "import { b } from './b.js';\nexport const a = () => b();\n");
    writeFileSync(
      join(planted, 'src', 'b.ts'),
      "import type { a } from './a.js';\nexport const b = (): ReturnType<typeof a> | undefined => undefined;\n",
    );
    writeFileSync(join(planted, 'src', 'c.ts'), "import { a } from './a.js';\nexport const c = a;\n");
    const found = cycles(cruise(planted, ['src']));
    expect(found).toEqual(['src/a.ts → src/b.ts → src/a.ts']); // the type-only edge b → a closes it
    expect(found.some((cycle) => cycle.startsWith('src/c.ts'))).toBe(false); // c imports into it, is not in it
  });
});
