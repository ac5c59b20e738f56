// Usage: tsx src/cli.ts [--root <workspace folder>] [--keep]
// Prints one line per package check and entry check; exits 1 if any failed.
import { parseArgs } from 'node:util';
import {
  checkAllEntries,
  checkTarballContents,
  findWorkspaceRoot,
  listPublicPackages,
  prepareSmokeProject,
} from './pack-smoke.js';

const STATUS_LABELS = { passed: 'ok  ', failed: 'FAIL', skipped: 'skip' } as const;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { root: { type: 'string' }, keep: { type: 'boolean', default: false } },
  });
  const workspaceRoot = findWorkspaceRoot(values.root ?? process.cwd());
  const packages = listPublicPackages(workspaceRoot);
  if (packages.length === 0) {
    console.error(`no public packages in ${workspaceRoot}`);
    return 1;
  }
  const log = (message: string) => console.log(`…    ${message}`);
  const started = Date.now();
  const project = await prepareSmokeProject(packages, { keep: values.keep, log });
  let failures = 0;
  try {
    for (const packed of project.packed) {
      const problems = checkTarballContents(packed);
      failures += problems.length;
      if (problems.length === 0) console.log(`${STATUS_LABELS.passed} ${packed.name} tarball contents`);
      for (const problem of problems) console.log(`${STATUS_LABELS.failed} ${problem}`);
    }
    for (const report of await checkAllEntries(project)) {
      for (const result of report.results) {
        if (result.status === 'failed') failures++;
        const detail = result.detail.replace(/\n/g, '\n       ');
        console.log(`${STATUS_LABELS[result.status]} ${report.specifier} ${result.check}: ${detail}`);
      }
    }
  } finally {
    project.dispose();
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  console.log(
    failures === 0 ? `all checks passed in ${seconds} s` : `${failures} checks failed (${seconds} s)`,
  );
  return failures === 0 ? 0 : 1;
}

main().then(
  (exitCode) => {
    process.exitCode = exitCode;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
