import { defineDataProduct } from '../../src/sdk/index.ts';
import { commerceSeed } from './seed.ts';

/** Commerce: what customers bought. References `identity.User` and `catalog.Item`. */
export default defineDataProduct({
  name: 'commerce',
  version: '1.0.0',
  description:
    'Customer orders and their lines: who ordered what, when, at which price, and where the order is in fulfilment. ' +
    'Users come from the identity domain and items from the catalog domain.',
  owner: { team: 'commerce-team', contact: 'commerce@example.com' },
  tags: ['orders', 'sales', 'revenue'],
  operational: {
    entities: {
      Order: {
        description: 'A customer order: one checkout of one or more items.',
        source: { kind: 'postgres', schema: 'commerce', table: 'orders' },
        key: 'id',
        fields: {
          id: { type: 'ID', nullable: false, description: 'Stable order number, e.g. `o0000042`.' },
          userId: { type: 'ID', nullable: false, description: 'The customer who placed the order (an identity User id).' },
          status: {
            type: 'String',
            nullable: false,
            description: 'Fulfilment status: `placed`, `paid`, `shipped`, `delivered` or `cancelled`.',
          },
          total: {
            type: 'Float',
            nullable: false,
            classification: ['internal'],
            description: 'Order total in `currency`: the sum of quantity × unit price over its lines, rounded to cents.',
          },
          currency: { type: 'String', nullable: false, description: 'ISO 4217 currency code of all amounts, e.g. `EUR`.' },
          placedAt: { type: 'DateTime', nullable: false, description: 'When the customer checked out (UTC).' },
          note: {
            type: 'String',
            classification: ['confidential'],
            description: 'Free-text delivery instructions from the customer; null when none were given.',
          },
        },
        relations: {
          user: { kind: 'one', target: 'identity.User', field: 'userId', description: 'The customer who placed the order.' },
          items: { kind: 'many', target: 'OrderItem', field: 'orderId', description: 'The order lines.' },
        },
      },
      OrderItem: {
        description: 'One line of an order: an item, how many, and the unit price charged.',
        source: { kind: 'postgres', schema: 'commerce', table: 'order_items' },
        key: 'id',
        fields: {
          id: { type: 'ID', nullable: false, description: 'Line id: the order number and line number, e.g. `o0000042-2`.' },
          orderId: { type: 'ID', nullable: false, description: 'The order this line belongs to.' },
          itemId: { type: 'ID', nullable: false, description: 'The catalog item ordered (a catalog Item id).' },
          quantity: { type: 'Int', nullable: false, description: 'Units ordered, at least 1.' },
          unitPrice: {
            type: 'Float',
            nullable: false,
            description: "Price charged per unit in the order's currency: the item's catalog price at checkout.",
          },
        },
        relations: {
          order: { kind: 'one', target: 'Order', field: 'orderId', description: 'The order this line belongs to.' },
          item: { kind: 'one', target: 'catalog.Item', field: 'itemId', description: 'The catalog item ordered.' },
        },
      },
    },
  },
  lake: {
    datasets: {
      orderPlaced: {
        description: 'A customer checked out: one event per order, as the shop emitted it.',
        eventTime: 'placedAt',
        partitioning: 'day',
        retentionDays: 730,
        keyField: 'orderId',
        fields: {
          orderId: { type: 'ID', nullable: false, description: 'The order placed (a commerce Order id).' },
          userId: { type: 'ID', nullable: false, description: 'The customer (an identity User id).' },
          itemIds: { type: 'ID', list: true, nullable: false, description: 'The catalog items ordered, one per line.' },
          total: { type: 'Float', nullable: false, classification: ['internal'], description: 'Order total in `currency`.' },
          currency: { type: 'String', nullable: false, description: 'ISO 4217 currency code, e.g. `EUR`.' },
          placedAt: { type: 'DateTime', nullable: false, description: 'When the customer checked out (UTC); the event time.' },
        },
      },
      orderStatusChanged: {
        description: 'An order moved to a new fulfilment status.',
        eventTime: 'changedAt',
        partitioning: 'day',
        retentionDays: 730,
        keyField: 'orderId',
        fields: {
          orderId: { type: 'ID', nullable: false, description: 'The order (a commerce Order id).' },
          from: { type: 'String', description: 'The previous status; null for the first one.' },
          to: {
            type: 'String',
            nullable: false,
            description: 'The new status: `placed`, `paid`, `shipped`, `delivered` or `cancelled`.',
          },
          changedAt: { type: 'DateTime', nullable: false, description: 'When the status changed (UTC); the event time.' },
        },
      },
    },
  },
  seed: commerceSeed,
});
