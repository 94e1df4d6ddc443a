import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { execute, parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { buildBenchmarkSubgraphSchemas } from './benchmark-subgraphs.ts';

export { benchmarkSubgraphTypeDefs, buildBenchmarkSubgraphSchemas, readBenchmarkFile } from './benchmark-subgraphs.ts';

export interface BenchmarkSubgraphsOptions {
  port: number;
  /** Delay every GraphQL response by this many milliseconds (the benchmark's SUBGRAPH_DELAY_MS). */
  delayMs?: number;
  /** Answer a repeated path + body from memory, so the subgraphs stay nearly free under load. */
  memoize?: boolean;
}

export interface BenchmarkSubgraphs {
  /** Base URL; subgraphs are at `${url}/accounts`, `/inventory`, `/products`, `/reviews`. */
  url: string;
  /** POST requests served so far, by subgraph name (for tests that count subgraph calls). */
  requestCounts: Record<string, number>;
  close(): Promise<void>;
}

/** One node:http server with the four benchmark subgraphs, GET /health and GET /counts (requestCounts as JSON). */
export async function startBenchmarkSubgraphs(options: BenchmarkSubgraphsOptions): Promise<BenchmarkSubgraphs> {
  const schemas = buildBenchmarkSubgraphSchemas();
  const memo = new Map<string, string>();
  const documents = new Map<string, DocumentNode>();
  const requestCounts: Record<string, number> = {};
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, 500, JSON.stringify({ errors: [{ message: String(error) }] })));
  });
  async function handle(req: IncomingMessage, res: ServerResponse) {
    const name = (req.url ?? '/').slice(1).split('?')[0];
    if (req.method === 'GET' && name === 'health') return send(res, 200, 'OK', 'text/plain');
    if (req.method === 'GET' && name === 'counts') return send(res, 200, JSON.stringify(requestCounts));
    const schema = schemas[name];
    if (req.method !== 'POST' || !schema) return send(res, 404, JSON.stringify({ errors: [{ message: 'not found' }] }));
    const body = await readBody(req);
    requestCounts[name] = (requestCounts[name] ?? 0) + 1;
    if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
    const memoKey = `${name}\n${body}`;
    const cached = options.memoize ? memo.get(memoKey) : undefined;
    if (cached !== undefined) return send(res, 200, cached);
    const payload = await runGraphQL(schema, body, documents);
    if (options.memoize) memo.set(memoKey, payload);
    send(res, 200, payload);
  }
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requestCounts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function runGraphQL(schema: GraphQLSchema, body: string, documents: Map<string, DocumentNode>): Promise<string> {
  const { query, variables, operationName } = JSON.parse(body) as { query: string; variables?: Record<string, unknown>; operationName?: string };
  let document = documents.get(query);
  if (!document) {
    document = parse(query);
    documents.set(query, document);
  }
  const result = await execute({ schema, document, variableValues: variables, operationName });
  return JSON.stringify(result);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: string, type = 'application/json') {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
