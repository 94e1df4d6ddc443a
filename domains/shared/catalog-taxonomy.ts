/**
 * The catalog's category tree and each item's category and price, as pure
 * functions of the item's index. Shared because commerce's order lines quote
 * the catalog price (`unitPrice`) without reading catalog rows; the catalog
 * generator uses the same functions, so both always agree.
 */
import { rowRandom } from './random.ts';

export interface CategorySpec {
  name: string;
  /** 1-based index of the parent category; absent for a top-level one. */
  parent?: number;
  /** Nouns that item names in this category end with (leaf categories only). */
  nouns: readonly string[];
  /** Price band in whole euros, inclusive (leaf categories only). */
  priceEuros: readonly [number, number];
  /** How item sizes are expressed in this category. */
  sizing: 'apparel' | 'dimensions' | 'none';
}

const top = (name: string): CategorySpec => ({ name, nouns: [], priceEuros: [0, 0], sizing: 'none' });
const leaf = (parent: number, name: string, nouns: string[], priceEuros: [number, number], sizing: CategorySpec['sizing']): CategorySpec => ({
  name,
  parent,
  nouns,
  priceEuros,
  sizing,
});

/** Category `c001` is CATEGORIES[0]; 5 top-level categories, then 20 leaves. */
export const CATEGORIES: readonly CategorySpec[] = [
  top('Electronics'),
  top('Home & Kitchen'),
  top('Fashion'),
  top('Sports & Outdoors'),
  top('Books & Media'),
  leaf(1, 'Audio', ['Headphones', 'Speaker', 'Earbuds', 'Soundbar'], [19, 399], 'none'),
  leaf(1, 'Computers', ['Laptop', 'Monitor', 'Keyboard', 'Mouse'], [15, 1899], 'dimensions'),
  leaf(1, 'Phones', ['Smartphone', 'Phone Case', 'Charger', 'Power Bank'], [9, 1199], 'none'),
  leaf(1, 'Cameras', ['Camera', 'Lens', 'Tripod', 'Action Cam'], [29, 1499], 'dimensions'),
  leaf(2, 'Cookware', ['Frying Pan', 'Saucepan', 'Dutch Oven', 'Wok'], [19, 249], 'dimensions'),
  leaf(2, 'Small Appliances', ['Kettle', 'Toaster', 'Blender', 'Coffee Maker'], [24, 499], 'dimensions'),
  leaf(2, 'Furniture', ['Chair', 'Desk', 'Bookshelf', 'Side Table'], [39, 899], 'dimensions'),
  leaf(2, 'Bedding', ['Duvet', 'Pillow', 'Sheet Set', 'Blanket'], [14, 199], 'dimensions'),
  leaf(3, 'Tops', ['T-Shirt', 'Shirt', 'Sweater', 'Hoodie'], [9, 89], 'apparel'),
  leaf(3, 'Trousers', ['Jeans', 'Chinos', 'Joggers', 'Shorts'], [19, 119], 'apparel'),
  leaf(3, 'Shoes', ['Sneakers', 'Boots', 'Loafers', 'Sandals'], [29, 229], 'apparel'),
  leaf(3, 'Accessories', ['Backpack', 'Belt', 'Scarf', 'Wallet'], [9, 149], 'none'),
  leaf(4, 'Running', ['Running Shoes', 'Running Vest', 'Sports Watch', 'Water Bottle'], [9, 349], 'apparel'),
  leaf(4, 'Cycling', ['Helmet', 'Bike Light', 'Saddle', 'Cycling Gloves'], [12, 249], 'none'),
  leaf(4, 'Camping', ['Tent', 'Sleeping Bag', 'Camping Stove', 'Headlamp'], [14, 499], 'dimensions'),
  leaf(4, 'Fitness', ['Yoga Mat', 'Dumbbell Set', 'Resistance Band', 'Kettlebell'], [9, 199], 'none'),
  leaf(5, 'Fiction', ['Novel', 'Short Stories', 'Thriller', 'Fantasy Saga'], [6, 39], 'none'),
  leaf(5, 'Non-fiction', ['Biography', 'History Book', 'Cookbook', 'Travel Guide'], [9, 49], 'none'),
  leaf(5, 'Music', ['Vinyl Record', 'CD', 'Box Set', 'Songbook'], [9, 89], 'none'),
  leaf(5, 'Games', ['Board Game', 'Puzzle', 'Card Game', 'Video Game'], [9, 79], 'none'),
];

export const CATEGORY_COUNT = CATEGORIES.length;
const LEAF_INDEXES = CATEGORIES.flatMap((category, i) => (category.parent ? [i + 1] : []));

export interface ItemBasics {
  /** 1-based index into CATEGORIES (always a leaf). */
  categoryIndex: number;
  /** Price in euro cents, ending in 99 cents; cheap items are more common. */
  priceCents: number;
}

/** The category and price of item `index`; the same at every scale. */
export function itemBasics(index: number): ItemBasics {
  const random = rowRandom('catalog.Item.basics', index);
  const categoryIndex = random.pick(LEAF_INDEXES);
  const [low, high] = CATEGORIES[categoryIndex - 1]!.priceEuros;
  const skewed = random.next() * random.next();
  const euros = low + Math.floor(skewed * (high - low + 1));
  return { categoryIndex, priceCents: euros * 100 + 99 };
}

/** The one currency the demo catalog and its orders are priced in. */
export const DEMO_CURRENCY = 'EUR';
