/**
 * The dependency rules themselves (.dependency-cruiser.cjs): each rule, run by
 * dependency-cruiser's CLI exactly as `npm run lint:deps` runs it, reports its
 * own violation on a small tree made for it, and a clean tree passes.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const config = path.join(repoRoot, '.dependency-cruiser.cjs');
const depcruise = path.join(repoRoot, 'node_modules/dependency-cruiser/bin/dependency-cruiser.mjs');

/** A file tree: path relative to the tree's root → file contents. */
type Tree = Record<string, string>;

interface Violation {
  rule: string;
  from: string;
  to: string;
}

/** Writes `tree` to a temp dir, cruises its src/ and domains/ with the project's rules, returns the violations. */
async function violationsIn(tree: Tree): Promise<Violation[]> {
  const root = mkdtempSync(path.join(tmpdir(), 'meshgate-structure-'));
  try {
    for (const [file, text] of Object.entries({ 'domains/.keep': '', ...tree })) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), text);
    }
    const stdout = await cruise(root);
    const result = JSON.parse(stdout) as {
      summary: { violations: { rule: { name: string }; from: string; to: string }[] };
    };
    return result.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Runs the CLI in `root`; it exits with the number of errors, so a non-zero exit with JSON output is a result. */
function cruise(root: string): Promise<string> {
  const args = [depcruise, '--config', config, '--output-type', 'json', 'src', 'domains'];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: root, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (stdout.trimStart().startsWith('{')) resolve(stdout);
      else reject(new Error(`depcruise failed: ${error?.message ?? ''}\n${stderr}`));
    });
  });
}

const ruleNames = (violations: Violation[]) => [...new Set(violations.map((v) => v.rule))].sort();

/** A tree that keeps every rule: modules a → b through index.ts, a faced sub-module, a plain folder, common, sdk. */
const clean: Tree = {
  'src/common/index.ts': "export { assertNever } from './assert-never.ts';\n",
  'src/common/assert-never.ts': 'export function assertNever(value: never): never {\n  throw new Error(String(value));\n}\n',
  'src/sdk/index.ts': "import { assertNever } from '../common/index.ts';\nexport const sdk = assertNever;\n",
  'src/b/index.ts': "export { b } from './internal.ts';\n",
  'src/b/internal.ts': 'export const b = 1;\n',
  'src/a/index.ts': "import { b } from '../b/index.ts';\nimport { q } from './q/index.ts';\nexport const a = b + q;\n",
  'src/a/p/index.ts': "export { p } from './inner.ts';\n",
  'src/a/p/inner.ts': "import { helper } from '../plain/helper.ts';\nexport const p = helper;\n",
  'src/a/plain/helper.ts': 'export const helper = 2;\n',
  'src/a/q/index.ts': "import { p } from '../p/index.ts';\nimport { helper } from '../plain/helper.ts';\nexport const q = p + helper;\n",
  'domains/shop/product.ts': "import { sdk } from '../../src/sdk/index.ts';\nexport default sdk;\n",
};

describe('dependency rules (.dependency-cruiser.cjs)', () => {
  it('passes a tree that keeps every rule', async () => {
    assert.deepEqual(await violationsIn(clean), []);
  });

  it('reports a cycle between two modules, though no file is on a cycle', async () => {
    const violations = await violationsIn({
      'src/a/index.ts': "import { b } from '../b/index.ts';\nexport const a = b;\n",
      'src/b/index.ts': "export { b } from './b.ts';\n",
      'src/b/b.ts': 'export const b = 1;\n',
      'src/b/uses-a.ts': "import { a } from '../a/index.ts';\nexport const c = a;\n",
    });
    assert.deepEqual(ruleNames(violations), ['no-module-cycle']);
    assert.deepEqual(violations.map((v) => `${v.from} → ${v.to}`).sort(), ['src/a → src/b', 'src/b → src/a']);
  });

  it('reports a cycle between two files of one module', async () => {
    const violations = await violationsIn({
      'src/a/index.ts': "export { x } from './x.ts';\n",
      'src/a/x.ts': "import { y } from './y.ts';\nexport const x = () => y();\n",
      'src/a/y.ts': "import { x } from './x.ts';\nexport const y = () => x();\n",
    });
    assert.deepEqual(ruleNames(violations), ['no-file-cycle']);
  });

  it("reports an import into another module's internals, type-only imports too", async () => {
    const violations = await violationsIn({
      ...clean,
      'src/b/types.ts': 'export interface B {\n  b: number;\n}\n',
      'src/a/index.ts': "import type { B } from '../b/types.ts';\nexport const a = (v: B) => v.b;\n",
    });
    assert.deepEqual(violations, [{ rule: 'module-through-index', from: 'src/a/index.ts', to: 'src/b/types.ts' }]);
  });

  it("reports an import into a sibling sub-module's internals when it has an index.ts", async () => {
    const violations = await violationsIn({
      ...clean,
      'src/a/q/index.ts': "import { p } from '../p/inner.ts';\nexport const q = p;\n",
    });
    assert.deepEqual(violations, [{ rule: 'sub-module-through-index', from: 'src/a/q/index.ts', to: 'src/a/p/inner.ts' }]);
  });

  it('reports src importing test/ or domains/', async () => {
    const violations = await violationsIn({
      ...clean,
      'test/support/helper.ts': 'export const helper = 1;\n',
      'src/b/internal.ts':
        "import { helper } from '../../test/support/helper.ts';\nimport shop from '../../domains/shop/product.ts';\nexport const b = helper + Number(shop);\n",
    });
    assert.deepEqual(violations.map((v) => `${v.rule}: ${v.to}`).sort(), [
      'src-not-domains-or-test: domains/shop/product.ts',
      'src-not-domains-or-test: test/support/helper.ts',
    ]);
  });

  it('reports src/common importing another module', async () => {
    const violations = await violationsIn({
      ...clean,
      'src/common/assert-never.ts':
        "import { b } from '../b/index.ts';\nexport function assertNever(value: never): never {\n  throw new Error(String(value) + b);\n}\n",
    });
    assert.deepEqual(violations, [{ rule: 'common-imports-no-src', from: 'src/common/assert-never.ts', to: 'src/b/index.ts' }]);
  });

  it('reports a domain importing anything in src/ but the sdk index', async () => {
    const violations = await violationsIn({
      ...clean,
      'domains/shop/product.ts': "import { b } from '../../src/b/index.ts';\nexport default b;\n",
    });
    assert.deepEqual(violations, [{ rule: 'domains-through-sdk', from: 'domains/shop/product.ts', to: 'src/b/index.ts' }]);
  });

  it('reports an import that resolves to nothing', async () => {
    const violations = await violationsIn({ ...clean, 'src/b/internal.ts': "export { gone } from './gone.ts';\n" });
    assert.deepEqual(violations, [{ rule: 'no-unresolvable', from: 'src/b/internal.ts', to: './gone.ts' }]);
  });
});
