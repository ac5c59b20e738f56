#!/usr/bin/env node
// The `latentlab` command: runs the built CLI (dist/main.js). A committed file rather than dist/main.js itself,
// so that a workspace install, which links bins before anything is built, finds the file it links to.
import '../dist/main.js';
