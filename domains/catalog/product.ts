import { defineDataProduct } from '../../src/sdk/index.ts';
import { catalogSeed } from './seed.ts';

/** Catalog: what can be bought. Orders reference `catalog.Item` by id. */
export default defineDataProduct({
  name: 'catalog',
  version: '1.0.0',
  description:
    'The product catalog: sellable items with their current price and attributes, organised in a category tree. ' +
    'The system of record for items; order lines reference items by id.',
  owner: { team: 'catalog-team', contact: 'catalog@example.com' },
  tags: ['products', 'catalog', 'merchandising'],
  operational: {
    entities: {
      Item: {
        description: 'A sellable product with its current list price.',
        source: { kind: 'mongo', collection: 'items' },
        key: 'id',
        fields: {
          id: { type: 'ID', nullable: false, description: 'Stable item id, e.g. `i00042`. Never reused.' },
          name: { type: 'String', nullable: false, description: 'Display name: brand, line and product type.' },
          categoryId: { type: 'ID', nullable: false, description: 'The (sub)category the item is listed in.' },
          price: {
            type: 'Float',
            nullable: false,
            description: 'Current list price in `currency`, in major units with two decimals (e.g. 19.99).',
          },
          currency: { type: 'String', nullable: false, description: 'ISO 4217 currency code of `price`, e.g. `EUR`.' },
          attributes: {
            type: 'JSON',
            nullable: false,
            description: 'Free-form product attributes: `color`, `weightGrams`, and `size` where the category has sizes.',
          },
          tags: {
            type: 'String',
            list: true,
            nullable: false,
            description: 'Merchandising tags such as `bestseller`, `new`, `eco` or `sale`.',
          },
          rating: {
            type: 'Float',
            description: 'Average customer rating from 1.0 to 5.0; null while the item has no reviews.',
          },
          createdAt: { type: 'DateTime', nullable: false, description: 'When the item was first listed (UTC).' },
        },
        relations: {
          category: { kind: 'one', target: 'Category', field: 'categoryId', description: 'The category the item is listed in.' },
        },
      },
      Category: {
        description: 'A node of the category tree; top-level categories have no parent.',
        source: { kind: 'mongo', collection: 'categories' },
        key: 'id',
        fields: {
          id: { type: 'ID', nullable: false, description: 'Stable category id, e.g. `c007`.' },
          name: { type: 'String', nullable: false, description: 'Display name, e.g. `Audio`.' },
          parentId: { type: 'ID', description: 'The parent category; null for a top-level category.' },
        },
        relations: {
          items: { kind: 'many', target: 'Item', field: 'categoryId', description: 'Items listed directly in this category.' },
          parent: { kind: 'one', target: 'Category', field: 'parentId', description: 'The parent category; null at the top level.' },
          children: { kind: 'many', target: 'Category', field: 'parentId', description: 'Direct subcategories.' },
        },
      },
    },
  },
  seed: catalogSeed,
});
