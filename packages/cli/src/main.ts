#!/usr/bin/env node
import { runCli } from './run-cli.js';

// `pnpm latentlab …` at the repository root runs this file inside packages/cli; LATENTLAB_CWD (set by that
// script) restores the directory the user typed the command in, so relative paths mean what they expect.
if (process.env['LATENTLAB_CWD']) process.chdir(process.env['LATENTLAB_CWD']);
runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
