/**
 * The commerce domain's demo orders: 10,000 × scale orders with 1–5 lines
 * each. Every order is a pure function of its index. References are valid at
 * the same scale by construction: users are drawn from identity's
 * `userCount(scale)` keys, items from catalog's `itemCount(scale)` keys, and
 * a line's `unitPrice` is the catalog price from `itemBasics`. Orders are
 * yielded in chunks of 1,000, each followed by its lines, so a loader with
 * foreign keys sees an order before its lines and memory stays bounded.
 */
import type { SeedBatch, SeedContext, SeedGenerator } from '../../src/sdk/index.ts';
import {
  DEMO_CURRENCY,
  MAX_BATCH_ROWS,
  ORDERS_FROM,
  ORDERS_UNTIL,
  dateBetween,
  hashString,
  inBatches,
  itemBasics,
  itemCount,
  itemId,
  mix32,
  orderCount,
  orderId,
  orderItemId,
  rowRandom,
  userCount,
  userId,
  type Random,
  type Row,
} from '../shared/index.ts';

const DAY_MS = 86_400_000;
const QUANTITIES = [
  [1, 70],
  [2, 20],
  [3, 7],
  [4, 2],
  [5, 1],
] as const;
/** Cumulative shares (out of 100) of orders with 1, 2, 3, 4 and 5 lines. */
const LINE_COUNT_CUMULATIVE = [35, 65, 83, 94, 100];
const LINES_STREAM = hashString('commerce.Order.lines');
const NOTES = [
  'Please leave the parcel with a neighbour.',
  'Gift wrap, please.',
  'Deliver after 6 pm.',
  'Ring twice, the bell is quiet.',
  'No invoice in the parcel, it is a gift.',
];

/** Lines in order `index`; cheap (no PRNG object) so plannedRows can sum a million of them. */
export function lineCountOf(index: number): number {
  const percent = mix32(LINES_STREAM, index) % 100;
  return LINE_COUNT_CUMULATIVE.findIndex((bound) => percent < bound) + 1;
}

export interface OrderWithLines {
  order: Row;
  lines: Row[];
}

export function orderWithLines(index: number, scale: number): OrderWithLines {
  const random = rowRandom('commerce.Order', index);
  const placedAt = dateBetween(random, ORDERS_FROM, ORDERS_UNTIL);
  const lines = linesOf(index, itemCount(scale), random);
  const totalCents = lines.reduce((sum, line) => sum + (line.quantity as number) * Math.round((line.unitPrice as number) * 100), 0);
  const order: Row = {
    id: orderId(index),
    userId: userId(frequentBuyerSkewed(userCount(scale), random)),
    status: statusOf((ORDERS_UNTIL - placedAt.getTime()) / DAY_MS, random),
    total: totalCents / 100,
    currency: DEMO_CURRENCY,
    placedAt,
    note: random.chance(0.12) ? random.pick(NOTES) : null,
  };
  return { order, lines };
}

/** 1-based index in [1, count], denser at low indexes: some customers order about twice as often. */
function frequentBuyerSkewed(count: number, random: Random): number {
  const r = random.next();
  return 1 + Math.floor(count * ((r + r * r) / 2));
}

/** Recent orders are still in flight; older ones are delivered unless cancelled. */
function statusOf(ageDays: number, random: Random): string {
  if (random.chance(0.05)) return 'cancelled';
  if (ageDays < 1) return 'placed';
  if (ageDays < 3) return random.pick(['placed', 'paid']);
  if (ageDays < 6) return random.pick(['paid', 'shipped']);
  if (ageDays < 10) return random.pick(['shipped', 'delivered']);
  return 'delivered';
}

/** Distinct items per order (a repeat becomes a larger quantity, as in a basket). */
function linesOf(orderIndex: number, items: number, random: Random): Row[] {
  const wanted = Math.min(lineCountOf(orderIndex), items);
  const chosen: number[] = [];
  while (chosen.length < wanted) {
    const item = random.int(1, items);
    if (!chosen.includes(item)) chosen.push(item);
  }
  return chosen.map((item, i) => ({
    id: orderItemId(orderIndex, i + 1),
    orderId: orderId(orderIndex),
    itemId: itemId(item),
    quantity: random.weighted(QUANTITIES),
    unitPrice: itemBasics(item).priceCents / 100,
  }));
}

/** Exact line count at a scale: the sum of every order's line count (capped by the catalog's size). */
function plannedLines(scale: number): number {
  const orders = orderCount(scale);
  const items = itemCount(scale);
  let lines = 0;
  for (let index = 1; index <= orders; index++) lines += Math.min(lineCountOf(index), items);
  return lines;
}

function* ordersInChunks(scale: number): Generator<SeedBatch> {
  const orders = orderCount(scale);
  for (let first = 1; first <= orders; first += MAX_BATCH_ROWS) {
    const last = Math.min(orders, first + MAX_BATCH_ROWS - 1);
    const chunk: OrderWithLines[] = [];
    for (let index = first; index <= last; index++) chunk.push(orderWithLines(index, scale));
    yield { entity: 'Order', rows: chunk.map((entry) => entry.order) };
    yield* inBatches(
      'OrderItem',
      chunk.flatMap((entry) => entry.lines),
    );
  }
}

export const commerceSeed: SeedGenerator = {
  plannedRows: ({ scale }: SeedContext) => ({ Order: orderCount(scale), OrderItem: plannedLines(scale) }),
  generate: ({ scale }: SeedContext) => ordersInChunks(scale),
};
