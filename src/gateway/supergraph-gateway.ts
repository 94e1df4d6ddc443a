/**
 * Federation mode: serves a composed supergraph as it is (like Apollo Router or Hive Gateway), with an HTTP client
 * per `@join__graph(url:)`. No domains, no databases: the subgraphs are whatever the supergraph names.
 */
import { Kind, parse, type ConstDirectiveNode } from 'graphql';
import { createFederatedExecutor, createHttpSubgraphClient, type SubgraphClient } from '../federation/index.ts';
import type { Logger } from '../observability/index.ts';
import { createGatewayHttpServer } from './http/index.ts';
import type { HttpHygieneConfig } from './config-http.ts';

export interface SupergraphGatewayOptions {
  supergraphSdl: string;
  port: number;
  host?: string;
  logger: Logger;
  /** Rewrites a subgraph's URL from the supergraph, e.g. to point `0.0.0.0:4200` at where the subgraphs really listen. */
  urlOverride?: (name: string, url: string) => string;
  /** Client request headers forwarded to every subgraph call. Default none (as Apollo Gateway and Hive Gateway). */
  forwardHeaders?: readonly string[];
  /** CORS, CSRF prevention and the TLS listener; default: no CORS, CSRF prevention for cookies, plain HTTP. */
  http?: HttpHygieneConfig;
}

export interface RunningSupergraphGateway {
  url: string;
  /** Subgraph name → the URL the gateway calls. */
  subgraphUrls: Record<string, string>;
  close(): Promise<void>;
}

export class SupergraphGatewayError extends Error {
  readonly code = 'INVALID_SUPERGRAPH';
  constructor(message: string) {
    super(message);
    this.name = 'SupergraphGatewayError';
  }
}

export async function startSupergraphGateway(options: SupergraphGatewayOptions): Promise<RunningSupergraphGateway> {
  const subgraphUrls = readSubgraphUrls(options.supergraphSdl, options.urlOverride ?? ((_name, url) => url));
  const forward = (options.forwardHeaders ?? []).map((h) => h.toLowerCase());
  const headers = forward.length ? (context: unknown) => pickHeaders(context, forward) : undefined;
  const clients: Record<string, SubgraphClient> = {};
  for (const [name, url] of Object.entries(subgraphUrls)) clients[name] = createHttpSubgraphClient(url, { headers });
  const executor = createFederatedExecutor({ supergraphSdl: options.supergraphSdl, clients });
  const http = createGatewayHttpServer({ engine: executor, logger: options.logger, graphiql: true, ...options.http });
  const { url } = await http.listen(options.port, options.host);
  options.logger.info({ url: `${url}/graphql`, subgraphs: subgraphUrls }, 'meshgate supergraph gateway listening');
  return { url, subgraphUrls, close: () => http.close() };
}

/** `@join__graph(name:, url:)` of each `join__Graph` value, after the override. */
export function readSubgraphUrls(supergraphSdl: string, override: (name: string, url: string) => string): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const def of parse(supergraphSdl, { noLocation: true }).definitions) {
    if (def.kind !== Kind.ENUM_TYPE_DEFINITION || def.name.value !== 'join__Graph') continue;
    for (const value of def.values ?? []) {
      const graph = value.directives?.find((d) => d.name.value === 'join__graph');
      const name = stringArgument(graph, 'name') ?? value.name.value.toLowerCase();
      const url = stringArgument(graph, 'url');
      if (!url) throw new SupergraphGatewayError(`Subgraph "${name}" has no url in @join__graph`);
      urls[name] = override(name, url);
    }
  }
  if (!Object.keys(urls).length) throw new SupergraphGatewayError('The supergraph has no join__Graph enum: is it a composed Federation v2 supergraph?');
  return urls;
}

function stringArgument(directive: ConstDirectiveNode | undefined, name: string): string | undefined {
  const arg = directive?.arguments?.find((a) => a.name.value === name);
  return arg?.value.kind === Kind.STRING ? arg.value.value : undefined;
}

/** The client's headers named in `names` (RequestContext.headers has lower-cased names). */
function pickHeaders(context: unknown, names: readonly string[]): Record<string, string> {
  const incoming = (context as { headers?: Record<string, string | undefined> } | undefined)?.headers;
  const out: Record<string, string> = {};
  if (!incoming) return out;
  for (const name of names) {
    const value = incoming[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}
