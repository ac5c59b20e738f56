// How to run node-gyp: the copy npm/pnpm hand to lifecycle scripts, a resolvable node-gyp, or the one on PATH.
function nodeGypCommand() {
  if (process.env.npm_config_node_gyp) return [process.execPath, [process.env.npm_config_node_gyp]];
  try {
    return [process.execPath, [require.resolve('node-gyp/bin/node-gyp.js')]];
  } catch {
    return ['node-gyp', []];
  }
}

module.exports = { nodeGypCommand };
