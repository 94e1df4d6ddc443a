/**
 * Deterministic randomness for the demo seed generators. Every row draws from
 * its own generator, seeded by (stream, row index), so a row is a pure
 * function of its index: generators need no state between rows, any row can
 * be recomputed on its own (commerce re-derives catalog prices this way), and
 * the output is identical on every machine. Only 32-bit integer arithmetic
 * and division by 2^32 are used: no Math.random, no transcendental functions
 * whose last bit may differ between engines.
 */

/** A 32-bit hash of a string (FNV-1a), used to name independent streams. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  }
  return hash >>> 0;
}

/** Mixes two 32-bit values into a well-spread 32-bit value (murmur3 finaliser). */
export function mix32(a: number, b: number): number {
  let h = (a ^ Math.imul(b + 0x9e3779b9, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** mulberry32: a tiny, fast PRNG with a 32-bit state; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Convenience draws over one generator. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks an item with probability proportional to its weight. */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
}

export function createRandom(seed: number): Random {
  const next = mulberry32(seed);
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: (items) => items[int(0, items.length - 1)]!,
    weighted: (items) => pickWeighted(items, next()),
  };
}

function pickWeighted<T>(items: readonly (readonly [T, number])[], draw: number): T {
  const total = items.reduce((sum, [, weight]) => sum + weight, 0);
  let remaining = draw * total;
  for (const [item, weight] of items) {
    remaining -= weight;
    if (remaining < 0) return item;
  }
  return items[items.length - 1]![0];
}

/** The generator of row `index` in `stream` (e.g. 'identity.User'). */
export function rowRandom(stream: string, index: number): Random {
  return createRandom(mix32(hashString(stream), index));
}
