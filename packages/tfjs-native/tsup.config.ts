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

export default defineConfig([
  libraryBuild({
    // import.meta.url in the CommonJS build (the addon is found relative to this file).
    shims: true,
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
