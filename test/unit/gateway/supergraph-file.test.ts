/** The committed supergraph must equal a fresh composition of the domains (CI fails when stale). */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { composeLocalSupergraph, loadDomains } from '../../../src/gateway/index.ts';
import { repoRoot } from '../../support/test-gateway.ts';

it('schema/supergraph.graphql is up to date (run `npx meshgate compose` after changing a domain)', async () => {
  const fresh = composeLocalSupergraph(await loadDomains(path.join(repoRoot, 'domains')));
  const committed = readFileSync(path.join(repoRoot, 'schema/supergraph.graphql'), 'utf8');
  assert.ok(committed === fresh, 'schema/supergraph.graphql is stale: run `npx meshgate compose` and commit it');
});
