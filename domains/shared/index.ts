/** Pure helpers the demo domains share: randomness, keys and counts, dates, batching, catalog prices. */
export type { Random } from './random.ts';
export { createRandom, hashString, mix32, mulberry32, rowRandom } from './random.ts';
export {
  ITEMS_PER_SCALE,
  ORDERS_PER_SCALE,
  USERS_PER_SCALE,
  SeedScaleError,
  categoryId,
  itemCount,
  itemId,
  orderCount,
  orderId,
  orderItemId,
  scaledCount,
  userCount,
  userId,
} from './demo-ids.ts';
export { ACCOUNTS_FROM, ACCOUNTS_UNTIL, ORDERS_FROM, ORDERS_UNTIL, dateBetween } from './demo-dates.ts';
export type { Row } from './batches.ts';
export { MAX_BATCH_ROWS, inBatches, rowsByIndex } from './batches.ts';
export type { CategorySpec, ItemBasics } from './catalog-taxonomy.ts';
export { CATEGORIES, CATEGORY_COUNT, DEMO_CURRENCY, itemBasics } from './catalog-taxonomy.ts';
