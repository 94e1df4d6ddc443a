#!/usr/bin/env node
// The `meshgate` command. Needs Node 24 (TypeScript type stripping): run it
// through npm (`npx meshgate …`, `npm run meshgate -- …`) so the pinned Node is used.
const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  console.error(`meshgate needs Node 24 or newer, this is ${process.version}; run it with \`npx meshgate\` or \`npm run meshgate --\`.`);
  process.exit(1);
}
await import('../src/cli/main.ts');
