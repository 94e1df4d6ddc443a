// A small two-subgraph mesh for planner/executor tests: interfaces and unions spread over subgraphs,
// mutations on both, a field that fails for one entity, and call recording.
import type { ExecutionResult } from 'graphql';
import {
  buildSubgraphSchema,
  composeSupergraph,
  createFederatedExecutor,
  createLocalSubgraphClient,
  federationSubgraphLink,
  type SubgraphClient,
  type SubgraphRequest,
} from '../../../src/federation/index.ts';

export const catalogTypeDefs = `${federationSubgraphLink}
interface Media { id: ID! title: String }
type Book implements Media @key(fields: "id") { id: ID! title: String pages: Int }
type Movie implements Media @key(fields: "id") { id: ID! title: String }
union SearchResult = Book | Movie
type Query { media: [Media!]! search(term: String!): [SearchResult] book(id: ID!): Book }
type Mutation { addBook(title: String!): Book! }`;

export const ratingsTypeDefs = `${federationSubgraphLink}
type Book @key(fields: "id") { id: ID! rating: Int reviewsCount: Int! }
type Movie @key(fields: "id") { id: ID! rating: Int }
type Query { ratingsLog: [String!]! }
type Mutation { rate(id: ID!, stars: Int!): Int! }`;

export interface RecordedCall {
  subgraph: string;
  query: string;
  variables: Record<string, unknown>;
}

export function createLibraryMesh() {
  const log: string[] = [];
  const calls: RecordedCall[] = [];
  const books = [
    { id: 'b1', title: 'Dune', pages: 412 },
    { id: 'b2', title: 'Emma', pages: 320 },
  ];
  const movies = [{ id: 'm1', title: 'Alien' }];
  const ratings: Record<string, number> = { b1: 5, b2: 3, m1: 4 };
  const catalog = buildSubgraphSchema(catalogTypeDefs, {
    Media: { __resolveType: (m: { pages?: number }) => (m.pages === undefined ? 'Movie' : 'Book') },
    SearchResult: { __resolveType: (m: { pages?: number }) => (m.pages === undefined ? 'Movie' : 'Book') },
    Query: {
      media: () => [...books, ...movies],
      search: (_: unknown, { term }: { term: string }) => [...books, ...movies].filter((m) => m.title.toLowerCase().includes(term.toLowerCase())),
      book: (_: unknown, { id }: { id: string }) => books.find((b) => b.id === id) ?? null,
    },
    Mutation: {
      addBook: async (_: unknown, { title }: { title: string }) => {
        await new Promise((r) => setTimeout(r, 5));
        log.push(`addBook:${title}`);
        const book = { id: `b${books.length + 1}`, title, pages: 1 };
        books.push(book);
        return book;
      },
    },
    Book: { __resolveReference: (ref: { id: string }) => books.find((b) => b.id === ref.id) ?? null },
    Movie: { __resolveReference: (ref: { id: string }) => movies.find((m) => m.id === ref.id) ?? null },
  });
  const ratingsSchema = buildSubgraphSchema(ratingsTypeDefs, {
    Query: { ratingsLog: () => log },
    Mutation: {
      rate: (_: unknown, { id, stars }: { id: string; stars: number }) => {
        log.push(`rate:${id}`);
        ratings[id] = stars;
        return stars;
      },
    },
    Book: {
      __resolveReferences: async (refs: { id: string }[]) => refs.map((r) => ({ id: r.id })),
      rating: (b: { id: string }) => ratings[b.id] ?? null,
      reviewsCount: (b: { id: string }) => {
        if (b.id === 'b2') throw Object.assign(new Error('reviews store is down'), { extensions: { code: 'REVIEWS_DOWN' } });
        return 7;
      },
    },
    Movie: { __resolveReference: (ref: { id: string }) => ({ id: ref.id }), rating: (m: { id: string }) => ratings[m.id] ?? null },
  });
  const recording = (subgraph: string, client: SubgraphClient): SubgraphClient => ({
    execute(req: SubgraphRequest): Promise<ExecutionResult> {
      calls.push({ subgraph, query: req.query, variables: req.variables });
      return client.execute(req);
    },
  });
  const supergraphSdl = composeSupergraph([
    { name: 'catalog', typeDefs: catalogTypeDefs },
    { name: 'ratings', typeDefs: ratingsTypeDefs },
  ]);
  const executor = createFederatedExecutor({
    supergraphSdl,
    clients: {
      catalog: recording('catalog', createLocalSubgraphClient(catalog)),
      ratings: recording('ratings', createLocalSubgraphClient(ratingsSchema)),
    },
  });
  return { executor, calls, log, supergraphSdl, schemas: { catalog, ratings: ratingsSchema } };
}
