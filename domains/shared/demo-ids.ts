/**
 * Row counts and key formats of the demo domains, shared so that every
 * generator agrees on which keys exist at a given scale: commerce references
 * users and items by index without reading identity's or catalog's rows.
 *
 * Scale rule: an entity with `base` rows at scale 1 gets
 * `max(1, round(base × scale))` rows (Math.round: halves round up), so
 * scale 0.1 gives 100 users, 50 items and 1,000 orders. Categories are a fixed
 * taxonomy and do not scale. Indexes are 1-based; keys are zero-padded and
 * grow past the padding (still unique) beyond ~scale 999.
 */

/** Raised when a seed is asked for with a scale that is not a positive finite number. */
export class SeedScaleError extends Error {
  readonly code = 'INVALID_SEED_SCALE';
  constructor(scale: unknown) {
    super(`seed scale must be a positive finite number, got ${String(scale)}`);
    this.name = 'SeedScaleError';
  }
}

export const USERS_PER_SCALE = 1_000;
export const ITEMS_PER_SCALE = 500;
export const ORDERS_PER_SCALE = 10_000;

export function scaledCount(base: number, scale: number): number {
  if (typeof scale !== 'number' || !Number.isFinite(scale) || scale <= 0) throw new SeedScaleError(scale);
  return Math.max(1, Math.round(base * scale));
}

export const userCount = (scale: number) => scaledCount(USERS_PER_SCALE, scale);
export const itemCount = (scale: number) => scaledCount(ITEMS_PER_SCALE, scale);
export const orderCount = (scale: number) => scaledCount(ORDERS_PER_SCALE, scale);

const padded = (prefix: string, width: number) => (index: number) => prefix + String(index).padStart(width, '0');

/** `u000001` */
export const userId = padded('u', 6);
/** `i00001` */
export const itemId = padded('i', 5);
/** `c001` */
export const categoryId = padded('c', 3);
/** `o0000001` */
export const orderId = padded('o', 7);
/** `o0000001-1`: the order's key and the 1-based line number. */
export const orderItemId = (orderIndex: number, line: number) => `${orderId(orderIndex)}-${line}`;
