#!/usr/bin/env node
// The `keyviz-inspector` command as package.json's "bin" names it: committed, so that npm links
// it on every install (npx included), and it runs the built tool (out/cli, made by
// `npm run build`). Before a build it says so in one line, instead of npx's "not found", which
// npx would also keep in its cache after the build.
'use strict';
const { existsSync } = require('node:fs');
const { join, resolve } = require('node:path');

const root = resolve(__dirname, '..');
const built = join(root, 'out', 'cli', 'keyviz-inspector.js');
if (!existsSync(built)) {
  process.stderr.write(`keyviz-inspector: not built yet: run 'npm run build' in ${root} first\n`);
  process.exit(1);
}
require(built);
