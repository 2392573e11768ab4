#!/usr/bin/env node
// Builds better-sqlite3 for Electron's ABI into .cache/electron-native/<electron version>/ for
// `npm start`, and leaves node_modules' own build (for Node: the tests and the browser host) alone.
// electron/main.ts loads this copy through better-sqlite3's nativeBinding option. Packaged apps
// do not use it: electron-builder rebuilds better-sqlite3 for Electron itself.
import { cpSync, existsSync, mkdirSync, rmSync, copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const electronVersion = require('electron/package.json').version;
const target = join(root, '.cache', 'electron-native', electronVersion, 'better_sqlite3.node');
if (existsSync(target)) process.exit(0);

const source = dirname(require.resolve('better-sqlite3/package.json'));
const work = join(root, '.cache', 'electron-native', 'build');
rmSync(work, { recursive: true, force: true });
cpSync(source, work, { recursive: true, filter: (path) => !path.startsWith(join(source, 'build')) });
console.log(`Building better-sqlite3 for Electron ${electronVersion} (once; about a minute)…`);
// A nodedir set for Node's headers (npm config) would build for the wrong ABI.
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => key.toLowerCase() !== 'npm_config_nodedir'));
const result = spawnSync(
  process.execPath,
  [
    require.resolve('node-gyp/bin/node-gyp.js'),
    'rebuild',
    '--release',
    `--target=${electronVersion}`,
    `--arch=${process.arch}`,
    '--runtime=electron',
    '--dist-url=https://electronjs.org/headers',
  ],
  { cwd: work, stdio: 'inherit', env },
);
if (result.status !== 0) {
  console.error(
    "Could not build better-sqlite3 for Electron: it needs Electron's headers from the internet, and a C++ compiler.",
  );
  process.exit(result.status ?? 1);
}
mkdirSync(dirname(target), { recursive: true });
copyFileSync(join(work, 'build', 'Release', 'better_sqlite3.node'), target);
rmSync(work, { recursive: true, force: true });
console.log(`Built ${target}`);
