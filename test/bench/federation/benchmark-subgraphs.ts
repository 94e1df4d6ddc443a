import { readFileSync } from 'node:fs';
import type { GraphQLSchema } from 'graphql';
import { buildSubgraphSchema, federationSubgraphLink } from '../../../src/federation/index.ts';

/** The fixture of graphql-hive/graphql-gateways-benchmark, kept next to the repository in shared/bench/federation. */
export const benchmarkFixtureDir = new URL('../../../../shared/bench/federation/', import.meta.url);

interface User {
  id: string;
  name: string;
  username: string;
  birthday: number;
}
interface Product {
  upc: string;
  name: string;
  price: number;
  weight: number;
}
interface InventoryRow {
  upc: string;
  inStock: boolean;
}
interface Review {
  id: string;
  body: string;
  productUpc: string;
}
interface BenchmarkData {
  users: User[];
  products: Product[];
  inventory: InventoryRow[];
  reviews: Review[];
}

export function readBenchmarkFile(name: string): string {
  return readFileSync(new URL(name, benchmarkFixtureDir), 'utf8');
}

export const benchmarkSubgraphTypeDefs: Record<string, string> = {
  accounts: `${federationSubgraphLink}
type Query { me: User user(id: ID!): User users: [User] }
type User @key(fields: "id") { id: ID! name: String username: String birthday: Int }`,
  inventory: `${federationSubgraphLink}
type Product @key(fields: "upc") {
  upc: String!
  weight: Int @external
  price: Int @external
  inStock: Boolean
  shippingEstimate: Int @requires(fields: "price weight")
}`,
  products: `${federationSubgraphLink}
type Query { topProducts(first: Int = 5): [Product] }
type Product @key(fields: "upc") { upc: String! name: String price: Int weight: Int }`,
  reviews: `${federationSubgraphLink}
type Review @key(fields: "id") { id: ID! body: String product: Product author: User @provides(fields: "username") }
type User @key(fields: "id") { id: ID! username: String @external reviews: [Review] }
type Product @key(fields: "upc") { upc: String! reviews: [Review] }`,
};

/** The four subgraph schemas, behaving as the fixture README describes (including reviews' odd resolvers). */
export function buildBenchmarkSubgraphSchemas(): Record<string, GraphQLSchema> {
  const data = JSON.parse(readBenchmarkFile('data.json')) as BenchmarkData;
  const firstTwoReviews = () => data.reviews.slice(0, 2);
  return {
    accounts: buildSubgraphSchema(benchmarkSubgraphTypeDefs.accounts, {
      Query: {
        me: () => data.users[0],
        user: (_: unknown, args: { id: string }) => data.users.find((u) => u.id === args.id) ?? null,
        users: () => data.users,
      },
      User: { __resolveReference: (rep: { id: string }) => data.users.find((u) => u.id === rep.id) ?? null },
    }),
    inventory: buildSubgraphSchema(benchmarkSubgraphTypeDefs.inventory, {
      Product: {
        // The row's own price and weight are null: the representation's values are ignored, as in the original.
        __resolveReference: (rep: { upc: string }) => {
          const row = data.inventory.find((p) => p.upc === rep.upc);
          return row ? { ...row, price: null, weight: null } : null;
        },
        shippingEstimate: (p: { price: number | null; weight: number | null }) => shippingEstimate(p.price, p.weight),
      },
    }),
    products: buildSubgraphSchema(benchmarkSubgraphTypeDefs.products, {
      Query: { topProducts: (_: unknown, args: { first: number }) => data.products.slice(0, args.first) },
      Product: { __resolveReference: (rep: { upc: string }) => data.products.find((p) => p.upc === rep.upc) ?? null },
    }),
    reviews: buildSubgraphSchema(benchmarkSubgraphTypeDefs.reviews, {
      Review: {
        __resolveReference: (rep: { id: string }) => data.reviews.find((r) => r.id === rep.id) ?? null,
        product: (r: Review) => ({ upc: r.productUpc }),
        author: () => ({ id: '1', username: 'urigo', reviews: firstTwoReviews() }),
      },
      User: { __resolveReference: (rep: { id: string }) => ({ id: rep.id, username: 'user', reviews: firstTwoReviews() }) },
      Product: {
        __resolveReference: (rep: { upc: string }) => ({ upc: rep.upc }),
        reviews: (p: { upc: string }) => data.reviews.filter((r) => r.productUpc === p.upc),
      },
    }),
  };
}

function shippingEstimate(price: number | null, weight: number | null): number | null {
  if (price === null) return null;
  if (price > 1000) return 0;
  return weight === null ? null : Math.trunc(weight / 2);
}
