import { Writable } from 'node:stream';
import { GraphQLError, execute } from 'graphql';
import type { DocumentNode, ExecutionResult } from 'graphql';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { createLogger } from '../../../src/observability/index.ts';
import type { Logger } from '../../../src/observability/index.ts';
import { MeshgateError } from '../../../src/api/index.ts';
import { createGatewayHttpServer } from '../../../src/gateway/http/index.ts';
import type { GraphQLEngine, HttpServerOptions } from '../../../src/gateway/http/index.ts';

const typeDefs = /* GraphQL */ `
  type Query {
    hello(name: String): String!
    boom: String
    badInput: String
    owner: Owner
    slow(ms: Int!): Int
  }
  type Owner { team: String! }
  type Mutation { touch: Int! }
`;

export const SECRET = 'db password is hunter2';

const resolvers = {
  Query: {
    hello: (_: unknown, args: { name?: string }) => `hello ${args.name ?? 'world'}`,
    boom: () => {
      throw new Error(SECRET);
    },
    badInput: () => {
      throw new MeshgateError('limit must be at most 100', { code: 'BAD_USER_INPUT', details: { field: 'limit' } });
    },
    owner: () => ({ team: 'platform' }),
  },
  Mutation: { touch: () => 1 },
};

/** A tiny GraphQLEngine over graphql-js's execute that records what it was asked to run. */
export interface RecordingEngine extends GraphQLEngine {
  documents: DocumentNode[];
}

export function createRecordingEngine(): RecordingEngine {
  const apiSchema = makeExecutableSchema({ typeDefs, resolvers });
  const documents: DocumentNode[] = [];
  return {
    apiSchema,
    documents,
    async execute(args): Promise<ExecutionResult> {
      documents.push(args.document);
      return execute({ schema: apiSchema, ...args });
    },
  };
}

/** A logger whose JSON lines are kept in memory for assertions. */
export function createCapturingLogger(): { logger: Logger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger({ level: 'info', destination });
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines };
}

export interface RunningServer {
  url: string;
  engine: RecordingEngine;
  lines: () => Record<string, unknown>[];
  close(): Promise<void>;
}

export async function startTestServer(overrides: Partial<HttpServerOptions> = {}): Promise<RunningServer> {
  const engine = createRecordingEngine();
  const { logger, lines } = createCapturingLogger();
  const http = createGatewayHttpServer({ engine, logger, ...overrides });
  const { url } = await http.listen(0);
  return { url, engine, lines, close: () => http.close() };
}

export function postGraphQL(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export { GraphQLError };
