/**
 * Timestamps of the demo data, on a fixed calendar so that the seed does not
 * depend on when it runs: accounts and catalog items are created in 2023–2024,
 * orders are placed in 2025. Whole seconds, so every store round-trips them.
 */
import type { Random } from './random.ts';

export const ACCOUNTS_FROM = Date.UTC(2023, 0, 1);
export const ACCOUNTS_UNTIL = Date.UTC(2025, 0, 1);
export const ORDERS_FROM = Date.UTC(2025, 0, 1);
export const ORDERS_UNTIL = Date.UTC(2026, 0, 1);

/** A date in [from, until), at whole-second precision. */
export function dateBetween(random: Random, from: number, until: number): Date {
  const seconds = Math.floor((until - from) / 1000);
  return new Date(from + Math.floor(random.next() * seconds) * 1000);
}
