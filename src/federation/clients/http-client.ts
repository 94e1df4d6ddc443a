import { Agent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { GraphQLError, type ExecutionResult } from 'graphql';
import type { SubgraphClient, SubgraphRequest } from './client-types.ts';

export interface HttpSubgraphClientOptions {
  /** Extra headers per request, e.g. forwarding the caller's authorization. */
  headers?: (context: unknown) => Record<string, string>;
  timeoutMs?: number;
}

/**
 * POSTs GraphQL JSON to a remote subgraph over keep-alive connections. Transport failures and unreadable responses
 * become a GraphQL error with extensions.code SUBGRAPH_UNAVAILABLE (the request never throws).
 */
export function createHttpSubgraphClient(url: string, opts: HttpSubgraphClientOptions = {}): SubgraphClient {
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  const agent = secure ? new HttpsAgent({ keepAlive: true, maxSockets: 256 }) : new Agent({ keepAlive: true, maxSockets: 256 });
  const send = secure ? httpsRequest : httpRequest;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  return {
    execute(req: SubgraphRequest): Promise<ExecutionResult> {
      const body = JSON.stringify(req.operationName ? { query: req.query, operationName: req.operationName, variables: req.variables } : { query: req.query, variables: req.variables });
      const headers: Record<string, string | number> = { 'content-type': 'application/json', accept: 'application/json', 'content-length': Buffer.byteLength(body) };
      if (opts.headers) Object.assign(headers, opts.headers(req.context));
      return new Promise((resolve) => {
        const fail = (reason: string) => resolve(unavailable(url, reason));
        const outgoing = send(target, { method: 'POST', agent, headers, timeout: timeoutMs }, (res) => readResponse(res, url, resolve, fail));
        outgoing.on('timeout', () => outgoing.destroy(new Error(`timed out after ${timeoutMs} ms`)));
        outgoing.on('error', (error) => fail(error.message));
        outgoing.end(body);
      });
    },
  };
}

function readResponse(res: IncomingMessage, url: string, resolve: (r: ExecutionResult) => void, fail: (reason: string) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('error', (error) => fail(error.message));
  res.on('end', () => {
    const text = chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return fail(`HTTP ${res.statusCode} with a body that is not JSON`);
    }
    if (parsed === null || typeof parsed !== 'object' || (!('data' in parsed) && !('errors' in parsed))) {
      return fail(`HTTP ${res.statusCode} without a GraphQL response`);
    }
    resolve(parsed as ExecutionResult);
  });
}

function unavailable(url: string, reason: string): ExecutionResult {
  return { errors: [new GraphQLError(`Subgraph at ${url} is unavailable: ${reason}`, { extensions: { code: 'SUBGRAPH_UNAVAILABLE' } })] };
}
