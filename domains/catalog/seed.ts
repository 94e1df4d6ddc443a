/**
 * The catalog domain's demo data: the fixed 25-category tree (5 top-level
 * categories with 4 subcategories each) and 500 × scale items. An item's
 * category and price come from domains/shared (commerce quotes the same
 * prices); its other fields are a pure function of its index.
 */
import type { SeedBatch, SeedContext, SeedGenerator } from '../../src/sdk/index.ts';
import {
  ACCOUNTS_FROM,
  ACCOUNTS_UNTIL,
  CATEGORIES,
  CATEGORY_COUNT,
  DEMO_CURRENCY,
  categoryId,
  dateBetween,
  inBatches,
  itemBasics,
  itemCount,
  itemId,
  rowRandom,
  rowsByIndex,
  type CategorySpec,
  type Random,
  type Row,
} from '../shared/index.ts';

const BRANDS = ['Nordlys', 'Acme', 'Kestrel', 'Lumen', 'Orbit', 'Tidal', 'Vireo', 'Halden', 'Sora', 'Pinecrest'];
const ADJECTIVES = ['Classic', 'Compact', 'Pro', 'Everyday', 'Ultra', 'Essential', 'Premium', 'Travel', 'Smart', 'Eco'];
const COLORS = ['black', 'white', 'grey', 'navy', 'red', 'green', 'beige', 'blue', 'olive', 'pink'];
const APPAREL_SIZES = ['XS', 'S', 'M', 'L', 'XL'];
const TAGS = ['bestseller', 'new', 'eco', 'sale', 'gift', 'limited', 'premium', 'budget'];

export function categoryRow(index: number): Row {
  const category = CATEGORIES[index - 1]!;
  return {
    id: categoryId(index),
    name: category.name,
    parentId: category.parent ? categoryId(category.parent) : null,
  };
}

export function itemRow(index: number): Row {
  const { categoryIndex, priceCents } = itemBasics(index);
  const category = CATEGORIES[categoryIndex - 1]!;
  const random = rowRandom('catalog.Item', index);
  return {
    id: itemId(index),
    name: `${random.pick(BRANDS)} ${random.pick(ADJECTIVES)} ${random.pick(category.nouns)}`,
    categoryId: categoryId(categoryIndex),
    price: priceCents / 100,
    currency: DEMO_CURRENCY,
    attributes: attributesOf(category, random),
    tags: tagsOf(random),
    rating: random.chance(0.2) ? null : ratingOf(random),
    createdAt: dateBetween(random, ACCOUNTS_FROM, ACCOUNTS_UNTIL),
  };
}

/** `size` is present only where the category has sizes. */
function attributesOf(category: CategorySpec, random: Random): Record<string, unknown> {
  const attributes: Record<string, unknown> = { color: random.pick(COLORS), weightGrams: random.int(50, 5_000) };
  switch (category.sizing) {
    case 'apparel':
      attributes.size = random.pick(APPAREL_SIZES);
      break;
    case 'dimensions':
      attributes.size = `${random.int(10, 120)}x${random.int(10, 80)}x${random.int(2, 60)} cm`;
      break;
    case 'none':
      break;
    default:
      throw new Error(`unknown sizing ${category.sizing satisfies never}`);
  }
  return attributes;
}

/** One to three distinct tags, in the vocabulary's order. */
function tagsOf(random: Random): string[] {
  const wanted = random.int(1, 3);
  const chosen = new Set<number>();
  while (chosen.size < wanted) chosen.add(random.int(0, TAGS.length - 1));
  return [...chosen].sort((a, b) => a - b).map((i) => TAGS[i]!);
}

/** 1.0–5.0 with one decimal, skewed towards good ratings as review sites are. */
function ratingOf(random: Random): number {
  const low = random.next() * random.next();
  return Math.round((5 - 4 * low) * 10) / 10;
}

export const catalogSeed: SeedGenerator = {
  plannedRows: ({ scale }: SeedContext) => ({ Category: CATEGORY_COUNT, Item: itemCount(scale) }),
  *generate({ scale }: SeedContext): Generator<SeedBatch> {
    const items = itemCount(scale);
    yield* inBatches('Category', rowsByIndex(CATEGORY_COUNT, categoryRow));
    yield* inBatches('Item', rowsByIndex(items, itemRow));
  },
};
