import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DescriptorError, defineDataProduct, validateMesh, type DataProduct, type DataProductDescriptor } from '../../../src/sdk/index.ts';
import identity from '../../../domains/identity/product.ts';
import catalog from '../../../domains/catalog/product.ts';
import commerce from '../../../domains/commerce/product.ts';

const products: DataProduct[] = [identity, catalog, commerce];

/** A deep copy of a descriptor's data (the seed generator is carried over as is). */
function copyOf(product: DataProductDescriptor): DataProductDescriptor {
  // Pipelines hold transform functions, which structuredClone refuses: they are shared, not copied.
  const { seed, pipelines, ...data } = product as DataProductDescriptor & { __validated?: true };
  delete (data as { __validated?: true }).__validated;
  return { ...structuredClone(data), seed, ...(pipelines ? { pipelines } : {}) };
}

test('the three demo products validate and compose into one mesh', () => {
  for (const product of products) assert.equal(product.__validated, true, product.name);
  assert.deepEqual(
    products.map((p) => p.name),
    ['identity', 'catalog', 'commerce'],
  );
  assert.deepEqual(
    products.map((p) => p.owner.team),
    ['identity-team', 'catalog-team', 'commerce-team'],
  );
  assert.equal(identity.owner.contact, 'identity@example.com');
  assert.doesNotThrow(() => validateMesh(products));
});

test('every entity, field and relation carries a description for the catalog and GraphQL docs', () => {
  for (const product of products) {
    assert.equal(product.version, '1.0.0');
    assert.ok(product.tags?.length, `${product.name} has tags`);
    for (const [entityName, entity] of Object.entries(product.operational!.entities)) {
      assert.ok(entity.description, `${product.name}.${entityName}`);
      for (const [name, field] of Object.entries(entity.fields)) assert.ok(field.description, `${product.name}.${entityName}.${name}`);
      for (const [name, rel] of Object.entries(entity.relations ?? {})) assert.ok(rel.description, `${product.name}.${entityName}.${name}`);
    }
  }
});

test('contact details of users are classified as pii', () => {
  const user = (identity as DataProduct).operational!.entities.User!.fields;
  for (const field of ['name', 'email', 'phone']) assert.deepEqual(user[field]!.classification, ['pii'], field);
  assert.notEqual(user.phone!.nullable, false, 'phone is nullable');
});

test('cross-domain relations point at identity.User and catalog.Item', () => {
  const order = commerce.operational!.entities.Order!;
  const line = commerce.operational!.entities.OrderItem!;
  assert.deepEqual(order.relations!.user, { ...order.relations!.user, kind: 'one', target: 'identity.User', field: 'userId' });
  assert.deepEqual(line.relations!.item, { ...line.relations!.item, kind: 'one', target: 'catalog.Item', field: 'itemId' });
});

test('the SDK rejects a copy of commerce whose relation names an unknown entity, naming domain and path', () => {
  const broken = copyOf(commerce);
  broken.operational!.entities.OrderItem!.relations!.order!.target = 'Purchase';
  assert.throws(
    () => defineDataProduct(broken),
    (error: unknown) => {
      assert.ok(error instanceof DescriptorError);
      assert.equal(error.code, 'INVALID_DESCRIPTOR');
      assert.match(error.message, /commerce: operational\.entities\.OrderItem\.relations\.order\.target: names unknown entity Purchase/);
      return true;
    },
  );
});

test('the mesh rejects a catalog copy whose relation targets an entity identity does not have', () => {
  const broken = copyOf(catalog);
  broken.operational!.entities.Item!.relations!.seller = { kind: 'one', target: 'identity.Seller', field: 'categoryId' };
  const product = defineDataProduct(broken);
  assert.throws(
    () => validateMesh([identity, product, commerce]),
    (error: unknown) => {
      assert.ok(error instanceof DescriptorError);
      assert.match(error.message, /catalog: operational\.entities\.Item\.relations\.seller\.target: names unknown entity Seller of identity/);
      return true;
    },
  );
});

test('the SDK rejects a copy of identity with a nullable key field', () => {
  const broken = copyOf(identity);
  broken.operational!.entities.User!.fields.id!.nullable = true;
  assert.throws(() => defineDataProduct(broken), /identity: operational\.entities\.User\.fields\.id\.nullable/);
});
