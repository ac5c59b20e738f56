import { readFile } from 'node:fs/promises';
import { libraryBuild } from '@latentlab/tsconfig/tsup.mjs';
import { defineConfig, type Options } from 'tsup';

/** The browser build: native-addon.ts (createRequire, process, the .node file) becomes its stand-in. */
const browserAddon: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'browser-native-addon',
  setup(build) {
    build.onResolve({ filter: /\/native-addon\.js$/ }, () => ({
      path: new URL('./src/native-addon.browser.ts', import.meta.url).pathname,
    }));
  },
};

/**
 * tfjs-core's gradient and chained-op registrations (src/tfjs.ts) exist only as ES modules with
 * extensionless imports, which Node cannot load from node_modules: the Node builds bundle them (~400 kB),
 * and tfjs-core itself stays an external dependency. The browser build leaves them to the user's bundler,
 * which resolves them among the same tfjs-core modules as the rest of tfjs (no second copy).
 */
const TFJS_CORE_REGISTRATIONS = [/^@tensorflow\/tfjs-core\/dist\//];

/**
 * Those files carry inline source maps to TypeScript sources that tfjs-core does not publish; dropped, so
 * dist's maps point at the bundled .js files instead of ~450 missing .ts ones (vite warns about those).
 */
const withoutTfjsCoreSourceMaps: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'without-tfjs-core-source-maps',
  setup(build) {
    build.onLoad({ filter: /[\\/]@tensorflow[\\/]tfjs-core[\\/]dist[\\/].*\.js$/ }, async (args) => ({
      contents: (await readFile(args.path, 'utf8')).replace(/^\/\/# sourceMappingURL=.*$/gm, ''),
      loader: 'js',
    }));
  },
};

/**
 * The chained ops' types (`Tensor.prototype.add` …, module augmentations of tfjs-core's Tensor) for whoever
 * uses `tf` from this package: dist/index.d.ts keeps no side-effect import, so it references them.
 */
const CHAINED_OPS_TYPES =
  '/// <reference types="@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops" />';

export default defineConfig([
  libraryBuild({
    // import.meta.url in the CommonJS build (the addon is found relative to this file).
    shims: true,
    dts: { banner: CHAINED_OPS_TYPES },
    noExternal: TFJS_CORE_REGISTRATIONS,
    esbuildPlugins: [withoutTfjsCoreSourceMaps],
  }),
  libraryBuild({
    entry: { browser: 'src/index.ts' },
    format: ['esm'],
    platform: 'browser',
    dts: false,
    clean: false,
    esbuildPlugins: [browserAddon],
  }),
]);
