// The dependency rules of meshgate's source tree, checked by `npm run lint:deps`
// (and by `npm test`). A *module* is a folder directly under src/ (src/lake,
// src/gateway, …); its index.ts is its public face. A *sub-module* is a folder
// inside a module (src/lake/read, src/federation/planner, …).
//
// Paths in rules are regular expressions over paths relative to the directory
// the cruise runs in (the repository root), e.g. `src/lake/read/scan.ts`.
// test/unit/structure/dependency-rules.test.ts shows each rule catching its case.
'use strict';

const { existsSync, readdirSync } = require('node:fs');
const { join } = require('node:path');

/**
 * The sub-modules that have a public face: every folder below src/<module>/
 * (at any depth) holding an index.ts, as paths relative to `root`. Read from
 * the tree the cruise runs on, so a new sub-module with an index.ts is covered
 * without editing this file.
 */
function facedSubModules(root) {
  const found = [];
  const walk = (dir, depth) => {
    let entries;
    try {
      entries = readdirSync(join(root, dir), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (!entry.isDirectory()) continue;
      const child = `${dir}/${entry.name}`;
      if (depth >= 1 && existsSync(join(root, child, 'index.ts'))) found.push(child);
      walk(child, depth + 1);
    }
  };
  walk('src', 0);
  return found.sort();
}

const escapeRegExp = (path) => path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Sibling sub-modules go through each other's index.ts too, when they have one:
 * an index.ts is a promise that the rest of the folder is private, and it is
 * kept inside a module as well as across modules. A folder without an index.ts
 * (src/sources/query: the filter and keyset helpers that the sql and mongo
 * adapters share; src/federation/composition) is a plain folder of its
 * module's files, open to the rest of that module.
 */
function subModuleRules(root) {
  return facedSubModules(root).map((folder) => ({
    name: 'sub-module-through-index',
    comment:
      `${folder} has an index.ts: the rest of its module imports it through ${folder}/index.ts, ` +
      'never its internals (other modules go through the module index, see module-through-index)',
    severity: 'error',
    from: { path: `^${escapeRegExp(folder.split('/').slice(0, 2).join('/'))}/`, pathNot: `^${escapeRegExp(folder)}/` },
    to: { path: `^${escapeRegExp(folder)}/`, pathNot: `^${escapeRegExp(folder)}/index\\.ts$` },
  }));
}

/** The rule set, for the source tree under `root`. */
function config(root) {
  return {
    forbidden: [
      {
        name: 'no-file-cycle',
        comment:
          'A cycle between files makes load order decide what a module sees at import time ' +
          '(an undefined binding in one of them) and makes neither file testable alone.',
        severity: 'error',
        from: { path: '^(src|domains)/' },
        to: { circular: true },
      },
      {
        name: 'no-module-cycle',
        comment:
          'Modules form a layered graph (a plane depends on the seam, never on the gateway): with a cycle ' +
          'between two modules (or two sub-modules of one) neither can be understood, tested or replaced ' +
          'without the other, even when no single file is on the cycle. Checked on the folder graph, where ' +
          'a folder depends on the folder of each file it imports: with every cross-module import going ' +
          'through src/<module>/index.ts that is the module graph. An import into internals (reported by ' +
          'module-through-index) points at a sub-folder and can hide a cycle until it is fixed.',
        severity: 'error',
        scope: 'folder',
        from: { path: '^src/' },
        to: { circular: true },
      },
      {
        name: 'module-through-index',
        comment:
          'Another module is imported only through its index.ts (src/<module>/index.ts), never its ' +
          "internals: the index is the module's contract, everything else may change without notice.",
        severity: 'error',
        from: { path: '^src/([^/]+)/' },
        to: { path: '^src/[^/]+/', pathNot: ['^src/$1/', '^src/[^/]+/index\\.ts$'] },
      },
      ...subModuleRules(root),
      {
        name: 'src-not-domains-or-test',
        comment:
          'The engine knows no domain and no test: domains/ and test/ depend on src/, never the ' +
          'other way round (a demo domain named in src/ would ship inside the product).',
        severity: 'error',
        from: { path: '^src/' },
        to: { path: '^(domains|test)/' },
      },
      {
        name: 'common-imports-no-src',
        comment:
          'src/common (assertNever, ConfigError) sits below every module, so every module may ' +
          'import it: it imports nothing else from src/, or it would drag that module into all.',
        severity: 'error',
        from: { path: '^src/common/' },
        to: { path: '^src/', pathNot: '^src/common/' },
      },
      {
        name: 'domains-through-sdk',
        comment:
          'A data product sees the engine only through the SDK (src/sdk/index.ts): the descriptor ' +
          'types are its contract with the engine, whose internals move freely.',
        severity: 'error',
        from: { path: '^domains/' },
        to: { path: '^src/', pathNot: '^src/sdk/index\\.ts$' },
      },
      {
        name: 'no-unresolvable',
        comment: 'An import that does not resolve is a typo or a missing file, which Node would only find at run time.',
        severity: 'error',
        from: {},
        to: { couldNotResolve: true },
      },
    ],
    options: {
      // Type-only imports are dependencies of the design too, though Node strips them at run time.
      tsPreCompilationDeps: true,
      doNotFollow: { path: '(^|/)node_modules/' },
      // Resolve packages the way Node runs this code: ESM, through their "exports" maps.
      enhancedResolveOptions: {
        exportsFields: ['exports'],
        conditionNames: ['import', 'node', 'default'],
        mainFields: ['module', 'main', 'types'],
      },
    },
  };
}

// The cruise runs from the repository root (npm scripts do), so that is the tree read here.
module.exports = config(process.cwd());
