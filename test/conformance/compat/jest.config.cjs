/**
 * Runs the compatibility suite's own compiled jest tests (dist/tests/*.test.js of
 * @apollo/federation-subgraph-compatibility-tests) as its testRunner does, with one change:
 * `../utils/client` is mapped to suite-client.cjs so the router URL comes from ROUTER_URL
 * instead of the hard-coded http://localhost:4000/ (no fixed ports on a shared machine).
 */
const path = require('node:path');

const suiteDir = path.dirname(require.resolve('@apollo/federation-subgraph-compatibility-tests/package.json'));

module.exports = {
  rootDir: suiteDir,
  roots: ['<rootDir>/dist/tests'],
  testMatch: ['**/*.test.js'],
  testEnvironment: 'node',
  // The tests live inside node_modules: keep jest's haste map and path filters from skipping them.
  haste: { retainAllFiles: true },
  testPathIgnorePatterns: [],
  transform: {},
  moduleNameMapper: { '^\\.\\./utils/client$': path.join(__dirname, 'suite-client.cjs') },
};
