// An arm64 Node for testing prebuilds/linux-arm64 on an x86-64 machine under qemu-user: Debian bookworm's
// nodejs 18 (N-API 9, so it loads an N-API 8 addon) and the arm64 libraries it needs, unpacked into a
// directory of their own that serves as qemu's -L prefix. Debian's nodejs:arm64 cannot be installed beside
// an amd64 `nodejs` package (same name and not Multi-Arch: same, so apt would remove the host's node), hence
// `apt-get download` + `dpkg-deb -x` instead of `apt-get install`. Needs, once, as root:
//   dpkg --add-architecture arm64 && apt-get update && apt-get install -y qemu-user
// then `node scripts/arm64-node.cjs` (prints the directory; LATENTLAB_ARM64_NODE_ROOT chooses another).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

// nodejs:arm64's run-time dependencies in bookworm (libnode108's Depends), and the JavaScript packages
// Debian's node loads from /usr/share/nodejs instead of bundling them.
const PACKAGES = [
  'nodejs:arm64',
  'libnode108:arm64',
  'libc6:arm64',
  'libgcc-s1:arm64',
  'libstdc++6:arm64',
  'zlib1g:arm64',
  'libbrotli1:arm64',
  'libc-ares2:arm64',
  'libicu72:arm64',
  'libnghttp2-14:arm64',
  'libssl3:arm64',
  'libuv1:arm64',
  'node-acorn',
  'node-cjs-module-lexer',
  'node-undici',
];

const SETUP_HINT =
  'dpkg --add-architecture arm64 && apt-get update && apt-get install -y qemu-user, then node packages/tfjs-native/scripts/arm64-node.cjs';

function arm64NodeRoot() {
  return (
    process.env.LATENTLAB_ARM64_NODE_ROOT ||
    path.join(
      process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'),
      'latentlab',
      'debian-arm64-node',
    )
  );
}

/** [command, args] that run the arm64 node under qemu-user with the unpacked libraries. */
function arm64NodeCommand(root = arm64NodeRoot()) {
  return ['qemu-aarch64', ['-L', root, path.join(root, 'usr', 'bin', 'node')]];
}

/** Why the arm64 node cannot run here (with what to do), or null when it can. */
function missingArm64Node(root = arm64NodeRoot()) {
  if (spawnSync('qemu-aarch64', ['--version']).status !== 0) return `qemu-aarch64 not found; ${SETUP_HINT}`;
  if (!fs.existsSync(path.join(root, 'usr', 'bin', 'node'))) return `no arm64 node in ${root}; ${SETUP_HINT}`;
  return null;
}

function setUp(root) {
  const downloads = fs.mkdtempSync(path.join(os.tmpdir(), 'latentlab-arm64-debs-'));
  try {
    const download = spawnSync('apt-get', ['download', ...PACKAGES], { cwd: downloads, encoding: 'utf8' });
    if (download.status !== 0) {
      throw new Error(
        `apt-get download failed (${download.stderr.trim().split('\n').at(-1)}); first run: ${SETUP_HINT}`,
      );
    }
    const staging = `${root}.${process.pid}.tmp`;
    fs.rmSync(staging, { recursive: true, force: true });
    fs.mkdirSync(staging, { recursive: true });
    for (const deb of fs.readdirSync(downloads).filter((file) => file.endsWith('.deb'))) {
      const unpack = spawnSync('dpkg-deb', ['-x', path.join(downloads, deb), staging], { encoding: 'utf8' });
      if (unpack.status !== 0) throw new Error(`dpkg-deb -x ${deb} failed: ${unpack.stderr}`);
    }
    fs.rmSync(root, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(root), { recursive: true });
    fs.renameSync(staging, root);
  } finally {
    fs.rmSync(downloads, { recursive: true, force: true });
  }
  const [command, args] = arm64NodeCommand(root);
  const check = spawnSync(command, [...args, '-p', 'process.arch + " " + process.version'], {
    encoding: 'utf8',
  });
  if (check.status !== 0) throw new Error(`the unpacked arm64 node does not run: ${check.stderr}`);
  return check.stdout.trim();
}

if (require.main === module) {
  try {
    const root = arm64NodeRoot();
    console.log(`arm64 node (${setUp(root)}) in ${root}`);
  } catch (error) {
    console.error(`arm64-node: ${error.message}`);
    process.exit(1);
  }
}

module.exports = { arm64NodeRoot, arm64NodeCommand, missingArm64Node };
