/**
 * The "products" subgraph of Apollo's federation subgraph compatibility suite
 * (@apollo/federation-subgraph-compatibility-tests 1.2.1), built with meshgate's
 * `buildSubgraphSchema` and served over node:http on 127.0.0.1.
 * Its SDL matches the suite's `products.graphql`; its data is the suite's data set
 * (the values the jest tests assert, e.g. name "Jane Smith", dimensions "small"/1/"kg").
 * Run alone: `npm exec -- node test/conformance/compat/products-subgraph.ts [port]`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { GraphQLError, graphql, type GraphQLSchema } from '../graphql-runtime.ts';
import { buildSubgraphSchema } from '../../../src/federation/index.ts';

export const productsTypeDefs = `
extend schema
  @link(
    url: "https://specs.apollo.dev/federation/v2.3"
    import: ["@composeDirective", "@extends", "@external", "@key", "@inaccessible", "@interfaceObject", "@override", "@provides", "@requires", "@shareable", "@tag"]
  )
  @link(url: "https://myspecs.dev/myCustomDirective/v1.0", import: ["@custom"])
  @composeDirective(name: "@custom")

directive @custom on OBJECT

type Product @custom @key(fields: "id") @key(fields: "sku package") @key(fields: "sku variation { id }") {
  id: ID!
  sku: String
  package: String
  variation: ProductVariation
  dimensions: ProductDimension
  createdBy: User @provides(fields: "totalProductsCreated")
  notes: String @tag(name: "internal")
  research: [ProductResearch!]!
}

type DeprecatedProduct @key(fields: "sku package") {
  sku: String!
  package: String!
  reason: String
  createdBy: User
}

type ProductVariation {
  id: ID!
}

type ProductResearch @key(fields: "study { caseNumber }") {
  study: CaseStudy!
  outcome: String
}

type CaseStudy {
  caseNumber: ID!
  description: String
}

type ProductDimension @shareable {
  size: String
  weight: Float
  unit: String @inaccessible
}

extend type Query {
  product(id: ID!): Product
  deprecatedProduct(sku: String!, package: String!): DeprecatedProduct @deprecated(reason: "Use product query instead")
}

extend type User @key(fields: "email") {
  averageProductsCreatedPerYear: Int @requires(fields: "totalProductsCreated yearsOfEmployment")
  email: ID! @external
  name: String @override(from: "users")
  totalProductsCreated: Int @external
  yearsOfEmployment: Int! @external
}

type Inventory @interfaceObject @key(fields: "id") {
  id: ID!
  deprecatedProducts: [DeprecatedProduct!]!
}
`;

interface UserRef {
  email: string;
  totalProductsCreated?: number;
  yearsOfEmployment?: number;
}
interface Research {
  study: { caseNumber: string; description: string };
  outcome: string | null;
}

const SUPPORT_EMAIL = 'support@apollographql.com';
const dimensions = { size: 'small', weight: 1, unit: 'kg' };
const research: Research[] = [
  { study: { caseNumber: '1234', description: 'Federation Study' }, outcome: null },
  { study: { caseNumber: '1235', description: 'Studio Study' }, outcome: null },
];
const deprecatedProduct = {
  sku: 'apollo-federation-v1',
  package: '@apollo/federation-v1',
  reason: 'Migrate to Federation V2',
  createdBy: { email: SUPPORT_EMAIL },
};
/** The products subgraph provides totalProductsCreated itself (@provides); the users subgraph would answer 10. */
const providedCreator = { email: SUPPORT_EMAIL, totalProductsCreated: 1337 };
const products = [
  {
    id: 'apollo-federation',
    sku: 'federation',
    package: '@apollo/federation',
    variation: { id: 'OSS' },
    dimensions,
    research: [research[0]],
    createdBy: providedCreator,
    notes: null,
  },
  {
    id: 'apollo-studio',
    sku: 'studio',
    package: '',
    variation: { id: 'platform' },
    dimensions,
    research: [research[1]],
    createdBy: providedCreator,
    notes: null,
  },
];
const inventory = { id: 'apollo-oss', deprecatedProducts: [deprecatedProduct] };

type ProductRef = { id?: string; sku?: string; package?: string; variation?: { id?: string } };

/** Any of the three keys: `id`, `sku package`, `sku variation { id }`. */
function findProduct(ref: ProductRef) {
  if (ref.id !== undefined) return products.find((p) => p.id === ref.id) ?? null;
  if (ref.package !== undefined) return products.find((p) => p.sku === ref.sku && p.package === ref.package) ?? null;
  if (ref.variation?.id !== undefined) return products.find((p) => p.sku === ref.sku && p.variation.id === ref.variation!.id) ?? null;
  return null;
}

const resolvers = {
  Query: {
    product: (_: unknown, args: { id: string }) => findProduct({ id: args.id }),
    deprecatedProduct: (_: unknown, args: { sku: string; package: string }) =>
      args.sku === deprecatedProduct.sku && args.package === deprecatedProduct.package ? deprecatedProduct : null,
  },
  Product: { __resolveReference: findProduct },
  DeprecatedProduct: {
    __resolveReference: (ref: { sku: string; package: string }) =>
      ref.sku === deprecatedProduct.sku && ref.package === deprecatedProduct.package ? deprecatedProduct : null,
  },
  ProductResearch: {
    __resolveReference: (ref: { study: { caseNumber: string } }) => research.find((r) => r.study.caseNumber === ref.study.caseNumber) ?? null,
  },
  Inventory: { __resolveReference: (ref: { id: string }) => (ref.id === inventory.id ? inventory : null) },
  User: {
    __resolveReference: (ref: UserRef) => (ref.email === SUPPORT_EMAIL ? { ...providedCreator, ...ref } : null),
    name: () => 'Jane Smith',
    // @requires: the gateway must have sent totalProductsCreated and yearsOfEmployment in the representation.
    averageProductsCreatedPerYear: (user: UserRef) => {
      if (user.email !== SUPPORT_EMAIL) throw new GraphQLError('user.email was not support@apollographql.com');
      if (user.yearsOfEmployment === undefined) throw new GraphQLError('yearsOfEmployment was not provided (@requires)');
      return Math.round((user.totalProductsCreated ?? 0) / user.yearsOfEmployment);
    },
  },
};

export function buildProductsSchema(): GraphQLSchema {
  return buildSubgraphSchema(productsTypeDefs, resolvers);
}

export interface RunningSubgraph {
  url: string;
  close(): Promise<void>;
}

/** Serves the products subgraph at every path (POST, JSON) on 127.0.0.1; port 0 picks a free one. */
export async function startProductsSubgraph(port = 0): Promise<RunningSubgraph> {
  const schema = buildProductsSchema();
  const server = createServer((req, res) => {
    handle(schema, req, res).catch((error: unknown) => send(res, 500, { errors: [{ message: String(error) }] }));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(schema: GraphQLSchema, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'POST') return send(res, 405, { errors: [{ message: 'POST a GraphQL request' }] });
  const body = JSON.parse(await readBody(req)) as { query?: string; variables?: Record<string, unknown>; operationName?: string };
  if (typeof body.query !== 'string') return send(res, 400, { errors: [{ message: 'query must be a string' }] });
  const result = await graphql({ schema, source: body.query, variableValues: body.variables, operationName: body.operationName });
  send(res, 200, result);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, payload: unknown): void {
  const text = JSON.stringify(payload);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const running = await startProductsSubgraph(Number(process.argv[2] ?? 4001));
  console.log(`products subgraph at ${running.url}`);
}
