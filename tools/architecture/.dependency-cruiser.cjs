// dependency-cruiser's rules for latentlab (tools/architecture): no module may take part in an import cycle,
// type-only imports included (they are a design cycle even where the compiled code has none). Workspace
// packages import each other through their built `dist/` (package.json exports), which is not scanned: a
// cycle between packages is one pnpm refuses to order for the build, so the file-level check is per package.
const path = require('node:path');

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'This module is part of an import cycle: move what both sides need into a module of its own.',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    exclude: { path: '(^|/)(node_modules|dist|public|test-results|\\.arm64-tests)/' },
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: path.join(__dirname, '..', 'tsconfig', 'base.json') },
    enhancedResolveOptions: {
      extensions: ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '.json'],
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
