/**
 * The identity domain's demo users: 1,000 × scale rows of `User`, each a pure
 * function of its index (see domains/shared/random.ts), yielded lazily in
 * batches. Accounts are created in 2023–2024; about a third have no phone.
 */
import type { SeedBatch, SeedContext, SeedGenerator } from '../../src/sdk/index.ts';
import { ACCOUNTS_FROM, ACCOUNTS_UNTIL, dateBetween, inBatches, rowRandom, rowsByIndex, userCount, userId, type Random, type Row } from '../shared/index.ts';
import { COUNTRIES, EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES, TIERS, type CountrySpec } from './people-vocabulary.ts';

export function userRow(index: number): Row {
  const random = rowRandom('identity.User', index);
  const first = random.pick(FIRST_NAMES);
  const last = random.pick(LAST_NAMES);
  const country = random.pick(COUNTRIES);
  return {
    id: userId(index),
    name: `${first} ${last}`,
    email: emailOf(first, last, index, random),
    phone: random.chance(0.35) ? null : phoneIn(country, random),
    country: country.code,
    city: random.pick(country.cities),
    tier: random.weighted(TIERS),
    createdAt: dateBetween(random, ACCOUNTS_FROM, ACCOUNTS_UNTIL),
  };
}

/** Unique per user: the index is part of the local part. */
function emailOf(first: string, last: string, index: number, random: Random): string {
  const local = `${first}.${last}`
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^a-z.]/g, '');
  return `${local}.${index}@${random.pick(EMAIL_DOMAINS)}`;
}

function phoneIn(country: CountrySpec, random: Random): string {
  return `+${country.dial} ${random.int(20, 99)} ${random.int(1_000_000, 9_999_999)}`;
}

export const identitySeed: SeedGenerator = {
  plannedRows: ({ scale }: SeedContext) => ({ User: userCount(scale) }),
  *generate({ scale }: SeedContext): Generator<SeedBatch> {
    yield* inBatches('User', rowsByIndex(userCount(scale), userRow));
  },
};
