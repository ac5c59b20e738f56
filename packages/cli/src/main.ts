#!/usr/bin/env node
import { runCli } from './run-cli.js';

// LATENTLAB_CWD, when set, is the directory relative paths mean (`pnpm latentlab …` at the repository root
// runs tools/launcher, which imports this file in the user's own directory and does not need it).
if (process.env['LATENTLAB_CWD']) process.chdir(process.env['LATENTLAB_CWD']);
runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
