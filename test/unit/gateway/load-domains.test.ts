/** A wrong descriptor stops start-up with an error naming domain, path and what is allowed. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadDomains } from '../../../src/gateway/index.ts';
import type { DescriptorError } from '../../../src/sdk/index.ts';
import { repoRoot } from '../../support/test-gateway.ts';

const sdk = pathToFileURL(path.join(repoRoot, 'src/sdk/index.ts')).href;

function domainsDir(products: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'meshgate-domains-'));
  for (const [name, body] of Object.entries(products)) {
    mkdirSync(path.join(dir, name));
    writeFileSync(path.join(dir, name, 'product.ts'), `import { defineDataProduct } from '${sdk}';\nexport default defineDataProduct(${body});\n`);
  }
  return dir;
}

const product = (name: string, entities: string) =>
  `{ name: '${name}', version: '1.0.0', description: 'd', owner: { team: 't', contact: 'c' }, operational: { entities: ${entities} } }`;
const user = `{ source: { kind: 'postgres', table: 'users' }, key: 'id', fields: { id: { type: 'ID', nullable: false } } }`;

describe('loading domains', () => {
  it('rejects a relation to an unknown domain, naming the path and the domains there are', async () => {
    const dir = domainsDir({
      shop: product(
        'shop',
        `{ Order: { source: { kind: 'postgres', table: 'orders' }, key: 'id', fields: { id: { type: 'ID', nullable: false }, buyerId: { type: 'ID' } }, relations: { buyer: { kind: 'one', target: 'people.Person', field: 'buyerId' } } } }`,
      ),
    });
    await assert.rejects(loadDomains(dir), (error: DescriptorError) => {
      assert.equal(error.code, 'INVALID_DESCRIPTOR');
      assert.deepEqual(error.issues, [
        { domain: 'shop', path: 'operational.entities.Order.relations.buyer.target', message: 'names unknown domain people; domains are: shop' },
      ]);
      return true;
    });
  });

  it('rejects a type name defined by two domains, naming both', async () => {
    const dir = domainsDir({ alpha: product('alpha', `{ User: ${user} }`), beta: product('beta', `{ User: ${user} }`) });
    await assert.rejects(loadDomains(dir), /beta: operational\.entities\.User: type User is already defined by domain alpha/);
  });

  it('rejects a bad field type with the allowed values, at import', async () => {
    const dir = domainsDir({ gamma: product('gamma', `{ Thing: { source: { kind: 'postgres', table: 't' }, key: 'id', fields: { id: { type: 'UUID' } } } }`) });
    await assert.rejects(loadDomains(dir), /gamma: operational\.entities\.Thing\.fields\.id\.type: is not allowed; allowed: "ID", "String"/);
  });

  it('rejects a product whose name is not its folder', async () => {
    const dir = domainsDir({ delta: product('epsilon', `{ Thing: ${user} }`) });
    await assert.rejects(loadDomains(dir), /epsilon: name: must equal its folder name "delta"/);
  });
});
